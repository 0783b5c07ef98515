"use client";
import { Button, Card, Field, Input } from "@lifeboat/ui";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { needsSecondFactor, SIGN_IN_ERRORS, signInErrorMessage } from "@/lib/sign-in-errors.ts";

export function SignInForm({
  callbackUrl,
  initialError,
  sso,
}: {
  callbackUrl: string;
  initialError: string | null;
  sso: { id: string; name: string } | null;
}) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Two-factor sign-in: after the right password the BFF asks for a code; email and password are
  // kept here and sent again with it (no session exists until the code is right too).
  const [step, setStep] = useState<"password" | "code">("password");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your email and password.");
      return;
    }
    if (step === "code" && !code.trim()) {
      setError(SIGN_IN_ERRORS.codeRequired);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: email.trim(),
        password,
        ...(step === "code" ? { code: code.trim() } : {}),
        redirect: false,
        callbackUrl,
      });
      if (!result || result.error || !result.ok) {
        const failure = result?.error ?? "CredentialsSignin";
        if (needsSecondFactor(failure)) {
          // The password was right: ask for the code (the first time without an error).
          setError(step === "code" || failure === SIGN_IN_ERRORS.codeInvalidCode ? signInErrorMessage(failure) : null);
          setStep("code");
          setCode("");
          return;
        }
        setError(signInErrorMessage(failure));
        if (failure.startsWith(SIGN_IN_ERRORS.rateLimitedPrefix) && step === "code") return;
        setStep("password");
        setCode("");
        setPassword("");
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("The portal could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card className="p-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-describedby={error ? "signin-error" : undefined}>
        {error ? (
          <p id="signin-error" role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive">
            {error}
          </p>
        ) : null}
        {step === "password" ? (
          <>
            <Field label="Email">
              <Input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus required />
            </Field>
            <Field label="Password">
              <Input
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </Field>
            <Button type="submit" loading={pending} className="w-full">
              Sign in
            </Button>
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">
              Two-factor sign-in is on for <strong className="text-foreground">{email.trim()}</strong>. Enter the 6-digit code from your
              authenticator app, or one of your recovery codes.
            </p>
            <Field label="Authentication code">
              <Input
                name="code"
                autoComplete="one-time-code"
                autoCapitalize="none"
                spellCheck={false}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                maxLength={64}
                autoFocus
                required
              />
            </Field>
            <Button type="submit" loading={pending} className="w-full">
              Verify
            </Button>
            <Button
              type="button"
              variant="ghost"
              className="w-full"
              onClick={() => {
                setStep("password");
                setCode("");
                setPassword("");
                setError(null);
              }}
            >
              Back
            </Button>
          </>
        )}
      </form>
      {sso && step === "password" ? (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-muted-foreground">
            <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => void signIn(sso.id, { callbackUrl })}>
            Sign in with {sso.name}
          </Button>
        </>
      ) : null}
    </Card>
  );
}
