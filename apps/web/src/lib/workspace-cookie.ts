/** Name of the cookie that remembers the selected workspace (read by the BFF context). */
export const WORKSPACE_COOKIE = "lifeboat-workspace";
/** One year; the selection is a preference, not a credential (membership is checked per call). */
export const WORKSPACE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
