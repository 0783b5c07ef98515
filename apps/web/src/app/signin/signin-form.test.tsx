// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGN_IN_ERRORS } from "@/lib/sign-in-errors.ts";

// next-auth's client and Next's router are replaced inside this unit test only: what is under
// test is how the form reacts to each answer (the browser test covers the real round trip).
const signIn = vi.fn();
const replace = vi.fn();
vi.mock("next-auth/react", () => ({ signIn: (...args: unknown[]) => signIn(...args) }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ replace, refresh: vi.fn() }) }));

const { SignInForm } = await import("./signin-form.tsx");

afterEach(() => {
  cleanup();
  signIn.mockReset();
  replace.mockReset();
});

async function submit(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText("Email"), email);
  if (password) await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("SignInForm", () => {
  it("signs in with the trimmed email and goes to the callback URL", async () => {
    signIn.mockResolvedValue({ ok: true, error: null, status: 200, url: "/runs" });
    render(<SignInForm callbackUrl="/runs" initialError={null} sso={null} />);
    await submit("  admin@example.com ", "pw-123456789012");
    expect(signIn).toHaveBeenCalledWith("credentials", {
      email: "admin@example.com",
      password: "pw-123456789012",
      redirect: false,
      callbackUrl: "/runs",
    });
    expect(replace).toHaveBeenCalledWith("/runs");
  });

  it("shows the generic error and clears the password on failure", async () => {
    signIn.mockResolvedValue({ ok: false, error: "CredentialsSignin", status: 401, url: null });
    render(<SignInForm callbackUrl="/dashboard" initialError={null} sso={null} />);
    await submit("who@example.com", "wrong");
    expect((await screen.findByRole("alert")).textContent).toBe(SIGN_IN_ERRORS.invalid);
    expect((screen.getByLabelText("Password") as HTMLInputElement).value).toBe("");
    expect(replace).not.toHaveBeenCalled();
  });

  it("shows the rate-limit message the BFF gave", async () => {
    signIn.mockResolvedValue({ ok: false, error: "RATE_LIMITED:Too many sign-in attempts; try again in 15 minutes", status: 401, url: null });
    render(<SignInForm callbackUrl="/dashboard" initialError={null} sso={null} />);
    await submit("who@example.com", "wrong");
    expect((await screen.findByRole("alert")).textContent).toBe("Too many sign-in attempts; try again in 15 minutes");
  });

  it("asks for both fields before calling the server", async () => {
    render(<SignInForm callbackUrl="/dashboard" initialError={null} sso={null} />);
    await submit("who@example.com", "");
    expect(screen.getByRole("alert").textContent).toBe("Enter your email and password.");
    expect(signIn).not.toHaveBeenCalled();
  });

  it("offers SSO only when configured, under its configured name", async () => {
    render(<SignInForm callbackUrl="/dashboard" initialError="OAuthCallback" sso={{ id: "oidc", name: "Acme SSO" }} />);
    expect(screen.getByRole("alert").textContent).toBe(SIGN_IN_ERRORS.sso);
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in with Acme SSO" }));
    expect(signIn).toHaveBeenCalledWith("oidc", { callbackUrl: "/dashboard" });
    cleanup();
    render(<SignInForm callbackUrl="/dashboard" initialError={null} sso={null} />);
    expect(screen.queryByRole("button", { name: /Sign in with/ })).toBeNull();
  });

  it("asks for the code after the right password and sends email, password and code together", async () => {
    signIn
      .mockResolvedValueOnce({ ok: false, error: SIGN_IN_ERRORS.codeRequiredCode, status: 401, url: null })
      .mockResolvedValueOnce({ ok: false, error: SIGN_IN_ERRORS.codeInvalidCode, status: 401, url: null })
      .mockResolvedValueOnce({ ok: true, error: null, status: 200, url: "/dashboard" });
    render(<SignInForm callbackUrl="/dashboard" initialError={null} sso={null} />);
    await submit("admin@example.com", "pw-123456789012");
    const codeField = await screen.findByLabelText("Authentication code");
    // The first ask is no error; email and password are no longer shown.
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByLabelText("Password")).toBeNull();
    const user = userEvent.setup();
    await user.type(codeField, "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect((await screen.findByRole("alert")).textContent).toBe(SIGN_IN_ERRORS.codeInvalid);
    expect(signIn).toHaveBeenLastCalledWith("credentials", {
      email: "admin@example.com",
      password: "pw-123456789012",
      code: "123456",
      redirect: false,
      callbackUrl: "/dashboard",
    });
    await user.type(screen.getByLabelText("Authentication code"), "abcde-fghij");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(signIn).toHaveBeenLastCalledWith("credentials", expect.objectContaining({ code: "abcde-fghij" }));
    expect(replace).toHaveBeenCalledWith("/dashboard");
  });
});
