"use client";
// Settings → Two-factor sign-in (and the page an instance admin is sent to when the portal requires
// it): set up with a QR code and the text key (both rendered by the BFF, nothing sent elsewhere),
// confirm with a code, see the 10 recovery codes once, turn it off with a code or the password.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, ErrorState, Field, Input, Skeleton, toast } from "@lifeboat/ui";
import { useState, type FormEvent } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

interface Pending {
  key: string;
  qrCode: string;
}

export function TwoFactorCard({ onDone }: { onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.me.twoFactor.status.queryOptions());
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState("");
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offCode, setOffCode] = useState("");
  const [offPassword, setOffPassword] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.me.twoFactor.pathKey() });

  const setup = useMutation(
    trpc.me.twoFactor.setup.mutationOptions({
      onSuccess: (data) => {
        setPending({ key: data.key, qrCode: data.qrCode });
        setCode("");
        setError(null);
      },
      onError: (e) => setError(errorMessage(e, "Could not start the setup")),
    }),
  );
  const confirm = useMutation(
    trpc.me.twoFactor.confirm.mutationOptions({
      onSuccess: async (data) => {
        setPending(null);
        setRecoveryCodes(data.recoveryCodes);
        setError(null);
        await refresh();
      },
      onError: (e) => setError(errorMessage(e, "Could not turn two-factor sign-in on")),
    }),
  );
  const disable = useMutation(
    trpc.me.twoFactor.disable.mutationOptions({
      onSuccess: async () => {
        setOffCode("");
        setOffPassword("");
        setError(null);
        toast.success("Two-factor sign-in is off");
        await refresh();
      },
      onError: (e) => setError(errorMessage(e, "Could not turn two-factor sign-in off")),
    }),
  );

  function onConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) return setError("Enter the 6-digit code your app shows.");
    confirm.mutate({ code: code.trim() });
  }

  function onDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!offCode.trim() && !offPassword) return setError("Enter a code from your app, a recovery code, or your password.");
    disable.mutate(offCode.trim() ? { code: offCode.trim() } : { password: offPassword });
  }

  const errorBox = error ? (
    <p role="alert" className="mb-3 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive">
      {error}
    </p>
  ) : null;

  return (
    <Card className="mb-6 p-5" aria-labelledby="two-factor-heading">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id="two-factor-heading" className="font-semibold">
          Two-factor sign-in
        </h2>
        {status.data?.enabled ? <Badge tone="success">On</Badge> : status.data ? <Badge>Off</Badge> : null}
      </div>
      {status.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : status.isError ? (
        <ErrorState title="Could not load two-factor sign-in" message={errorMessage(status.error, "Try again in a moment")} />
      ) : recoveryCodes ? (
        <div>
          <p className="mb-2 text-sm">
            Two-factor sign-in is on. These are your <strong>recovery codes</strong>: each works once instead of a code from your app, if
            you lose it. Save them somewhere safe now — they are not shown again.
          </p>
          <ol aria-label="Recovery codes" className="mb-3 grid grid-cols-2 gap-x-6 gap-y-1 rounded-md border bg-muted/40 p-3 font-mono text-sm sm:grid-cols-5">
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                void navigator.clipboard?.writeText(recoveryCodes.join("\n")).then(
                  () => toast.success("Recovery codes copied"),
                  () => toast.error("Could not copy; select and copy them by hand"),
                )
              }
            >
              Copy codes
            </Button>
            <Button
              size="sm"
              onClick={() => {
                setRecoveryCodes(null);
                onDone?.();
              }}
            >
              I have saved my recovery codes
            </Button>
          </div>
        </div>
      ) : !status.data.available ? (
        <p className="text-sm text-muted-foreground">You sign in through single sign-on: your identity provider handles two-factor sign-in.</p>
      ) : status.data.enabled ? (
        <div>
          <p className="mb-3 text-sm text-muted-foreground">
            On since <LocalTime value={status.data.enabledAt} />. Signing in asks for a code from your authenticator app after the password.{" "}
            {status.data.recoveryCodesLeft} of 10 recovery codes left.
          </p>
          {errorBox}
          <form onSubmit={onDisable} noValidate className="flex flex-wrap items-end gap-3">
            <Field label="Code or recovery code">
              <Input name="disable-code" autoComplete="one-time-code" value={offCode} onChange={(e) => setOffCode(e.target.value)} maxLength={64} />
            </Field>
            <Field label="or your password">
              <Input type="password" name="disable-password" autoComplete="current-password" value={offPassword} onChange={(e) => setOffPassword(e.target.value)} />
            </Field>
            <Button type="submit" variant="secondary" loading={disable.isPending}>
              Turn off two-factor
            </Button>
          </form>
        </div>
      ) : pending ? (
        <div>
          <p className="mb-3 text-sm">
            Scan the QR code with an authenticator app (such as Aegis, Google Authenticator, 1Password or Bitwarden), or type the key into
            it. Then enter the code it shows to turn two-factor sign-in on.
          </p>
          <div className="mb-3 flex flex-wrap items-start gap-5">
            {/* A data URL rendered by the BFF: the key never goes to a third party. */}
            <img src={pending.qrCode} alt="QR code for your authenticator app" width={176} height={176} className="rounded-md border bg-white" />
            <div className="text-sm">
              <p className="text-muted-foreground">Key (time-based, 6 digits, 30 seconds)</p>
              <code data-testid="totp-key" aria-label="Two-factor key" className="mt-1 block select-all break-all font-mono text-base">
                {pending.key}
              </code>
            </div>
          </div>
          {errorBox}
          <form onSubmit={onConfirm} noValidate className="flex flex-wrap items-end gap-3">
            <Field label="Code from your app">
              <Input
                name="confirm-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                maxLength={12}
                autoFocus
              />
            </Field>
            <Button type="submit" loading={confirm.isPending}>
              Turn on two-factor
            </Button>
            <Button type="button" variant="ghost" onClick={() => setPending(null)}>
              Cancel
            </Button>
          </form>
        </div>
      ) : (
        <div>
          <p className="mb-3 text-sm text-muted-foreground">
            {status.data.setupRequired
              ? "This portal requires two-factor sign-in for instance admins. Set it up to continue."
              : "Protect your account with a code from an authenticator app on your phone, asked for after the password."}
          </p>
          {errorBox}
          <Button loading={setup.isPending} onClick={() => setup.mutate()}>
            Set up two-factor sign-in
          </Button>
        </div>
      )}
    </Card>
  );
}

/** Settings, instance admins: "Require two-factor sign-in for instance admins". */
export function InstanceSecurityCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.instanceSettings.get.queryOptions());
  const update = useMutation(
    trpc.instanceSettings.update.mutationOptions({
      onSuccess: async (data) => {
        toast.success(data.requireAdminTwoFactor ? "Instance admins now need two-factor sign-in" : "Two-factor sign-in is no longer required of instance admins");
        await queryClient.invalidateQueries({ queryKey: trpc.instanceSettings.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e, "Could not change the setting")),
    }),
  );
  return (
    <Card className="mb-6 p-5">
      <h2 className="mb-1 font-semibold">Instance security</h2>
      <p className="mb-3 text-sm text-muted-foreground">
        Applies to every instance admin who signs in with a password; single sign-on relies on the identity provider.
      </p>
      {settings.isPending ? (
        <Skeleton className="h-6 w-64" />
      ) : settings.isError ? (
        <ErrorState title="Could not load the instance settings" message={errorMessage(settings.error, "Try again in a moment")} />
      ) : (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4 accent-primary"
            checked={settings.data.requireAdminTwoFactor}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ requireAdminTwoFactor: e.target.checked })}
          />
          Require two-factor sign-in for instance admins
        </label>
      )}
    </Card>
  );
}
