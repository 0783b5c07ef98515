import { describe, expect, it } from "vitest";
import { needsSecondFactor, SIGN_IN_ERRORS, signInErrorMessage } from "./sign-in-errors.ts";

describe("signInErrorMessage", () => {
  it("gives one message for every credentials failure, whatever the cause", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe(SIGN_IN_ERRORS.invalid);
    expect(SIGN_IN_ERRORS.invalid).not.toMatch(/not found|unknown|no such|exist/i);
  });

  it("shows the BFF's rate-limit message", () => {
    expect(signInErrorMessage("RATE_LIMITED:Too many sign-in attempts; try again in 15 minutes")).toBe(
      "Too many sign-in attempts; try again in 15 minutes",
    );
    expect(signInErrorMessage("RATE_LIMITED:")).toMatch(/Too many sign-in attempts/);
    expect(signInErrorMessage("RATE_LIMITED:Call +1 555 to unlock your account")).toBe("Too many sign-in attempts. Try again later.");
  });

  it("tells the code step apart from a failed password", () => {
    expect(signInErrorMessage(SIGN_IN_ERRORS.codeRequiredCode)).toBe(SIGN_IN_ERRORS.codeRequired);
    expect(signInErrorMessage(SIGN_IN_ERRORS.codeInvalidCode)).toBe(SIGN_IN_ERRORS.codeInvalid);
    expect(needsSecondFactor(SIGN_IN_ERRORS.codeRequiredCode)).toBe(true);
    expect(needsSecondFactor("CredentialsSignin")).toBe(false);
  });

  it("maps SSO failures and unknown codes to advice, and no error to nothing", () => {
    expect(signInErrorMessage("OAuthCallback")).toBe(SIGN_IN_ERRORS.sso);
    expect(signInErrorMessage("AccessDenied")).toBe(SIGN_IN_ERRORS.denied);
    expect(signInErrorMessage("Something odd")).toBe(SIGN_IN_ERRORS.generic);
    // Internal failures never show their own text (authorize throws only the code).
    expect(signInErrorMessage("Can't reach database server at `127.0.0.1:5432`")).toBe(SIGN_IN_ERRORS.generic);
    expect(signInErrorMessage(SIGN_IN_ERRORS.unavailableCode)).toBe(SIGN_IN_ERRORS.unavailable);
    expect(signInErrorMessage(null)).toBeNull();
    expect(signInErrorMessage("SessionRequired")).toBeNull();
  });
});
