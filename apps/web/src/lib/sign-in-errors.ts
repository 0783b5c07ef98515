// What the sign-in page says for each next-auth error. None of them reveals whether an account
// exists: unknown email, wrong password and disabled user all read the same.
export const SIGN_IN_ERRORS = {
  /** Prefix of the thrown message when the BFF's rate limiter refused the attempt. */
  rateLimitedPrefix: "RATE_LIMITED:",
  invalid: "Email or password is incorrect, or the account cannot sign in. Check them and try again.",
  sso: "Single sign-on did not complete. Try again, or sign in with email and password.",
  denied: "This account cannot sign in. Ask an administrator to check it.",
  generic: "Sign-in failed. Try again in a moment.",
} as const;

/** Maps next-auth's `error` (query parameter or signIn() result) to a message for the user. */
export function signInErrorMessage(error: string | null | undefined): string | null {
  if (!error) return null;
  if (error.startsWith(SIGN_IN_ERRORS.rateLimitedPrefix)) {
    const message = error.slice(SIGN_IN_ERRORS.rateLimitedPrefix.length).trim();
    return message || "Too many sign-in attempts. Try again later.";
  }
  switch (error) {
    case "CredentialsSignin":
      return SIGN_IN_ERRORS.invalid;
    case "AccessDenied":
      return SIGN_IN_ERRORS.denied;
    case "OAuthSignin":
    case "OAuthCallback":
    case "OAuthCreateAccount":
    case "OAuthAccountNotLinked":
    case "Callback":
      return SIGN_IN_ERRORS.sso;
    case "SessionRequired":
      return null;
    default:
      return SIGN_IN_ERRORS.generic;
  }
}
