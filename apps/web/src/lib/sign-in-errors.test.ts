import { describe, expect, it } from "vitest";
import { SIGN_IN_ERRORS, signInErrorMessage } from "./sign-in-errors.ts";

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
  });

  it("maps SSO failures and unknown codes to advice, and no error to nothing", () => {
    expect(signInErrorMessage("OAuthCallback")).toBe(SIGN_IN_ERRORS.sso);
    expect(signInErrorMessage("AccessDenied")).toBe(SIGN_IN_ERRORS.denied);
    expect(signInErrorMessage("Something odd")).toBe(SIGN_IN_ERRORS.generic);
    expect(signInErrorMessage(null)).toBeNull();
    expect(signInErrorMessage("SessionRequired")).toBeNull();
  });
});
