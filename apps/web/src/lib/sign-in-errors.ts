// What the sign-in page says for each next-auth error. None of them reveals whether an account
// exists: unknown email, wrong password and disabled user all read the same.
export const SIGN_IN_ERRORS = {
  /** Prefix of the thrown message when the BFF's rate limiter refused the attempt. */
  rateLimitedPrefix: "RATE_LIMITED:",
  invalid: "Email or password is incorrect, or the account cannot sign in. Check them and try again.",
  sso: "Single sign-on did not complete. Try again, or sign in with email and password.",
  denied: "This account cannot sign in. Ask an administrator to check it.",
  generic: "Sign-in failed. Try again in a moment.",
  /** What `authorize` throws when the portal itself failed (never the failure's own text). */
  unavailableCode: "SIGN_IN_UNAVAILABLE",
  /** What `authorize` throws after the right password of an account with two-factor sign-in on. */
  codeRequiredCode: "TOTP_REQUIRED",
  codeRequired: "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
  /** …and when the code was wrong, already used, or a spent recovery code. */
  codeInvalidCode: "TOTP_INVALID",
  codeInvalid: "That code is not right or was used already. Enter the current code from your app, or an unused recovery code.",
  unavailable: "Sign-in is not available right now. Try again in a few minutes, or tell your administrator.",
} as const;

/** The errors after which the form asks for the second factor. */
export function needsSecondFactor(error: string | null | undefined): boolean {
  return error === SIGN_IN_ERRORS.codeRequiredCode || error === SIGN_IN_ERRORS.codeInvalidCode;
}

/** Maps next-auth's `error` (query parameter or signIn() result) to a message for the user. */
export function signInErrorMessage(error: string | null | undefined): string | null {
  if (!error) return null;
  if (error.startsWith(SIGN_IN_ERRORS.rateLimitedPrefix)) {
    // The text arrives in the URL, which anyone can write: only the limiter's own sentence is shown.
    const message = error.slice(SIGN_IN_ERRORS.rateLimitedPrefix.length).trim();
    return /^Too many sign-in attempts; try again in \d{1,4} (seconds?|minutes)$/.test(message) ? message : "Too many sign-in attempts. Try again later.";
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
    case SIGN_IN_ERRORS.codeRequiredCode:
      return SIGN_IN_ERRORS.codeRequired;
    case SIGN_IN_ERRORS.codeInvalidCode:
      return SIGN_IN_ERRORS.codeInvalid;
    case SIGN_IN_ERRORS.unavailableCode:
      return SIGN_IN_ERRORS.unavailable;
    default:
      return SIGN_IN_ERRORS.generic;
  }
}
