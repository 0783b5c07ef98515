"use client";
// Create or edit an alert channel. Secrets are write-only: editing shows them empty, and leaving
// them empty keeps the stored ones (the BFF asks for them again when the URL or SMTP server changes).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterInputs, RouterOutputs } from "@/trpc/types.ts";

type Channel = RouterOutputs["alertChannel"]["list"]["items"][number];
type Kind = RouterInputs["alertChannel"]["create"]["kind"];
type Security = "starttls" | "tls" | "none";

const KIND_LABEL: Record<Kind, string> = { webhook: "Webhook (signed JSON)", email: "E-mail (SMTP)", slack: "Slack incoming webhook", teams: "Microsoft Teams incoming webhook" };

export function AlertChannelDialog({ channel, onClose, onSaved }: { channel: Channel | null; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(channel?.name ?? "");
  const [kind, setKind] = useState<Kind>(channel?.kind ?? "webhook");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [template, setTemplate] = useState(channel?.template ?? "");
  const [host, setHost] = useState(channel?.smtp?.host ?? "");
  const [port, setPort] = useState(String(channel?.smtp?.port ?? 587));
  const [security, setSecurity] = useState<Security>(channel?.smtp?.security ?? "starttls");
  const [username, setUsername] = useState(channel?.smtp?.username ?? "");
  const [password, setPassword] = useState("");
  const [from, setFrom] = useState(channel?.smtp?.from ?? "");
  const [recipients, setRecipients] = useState(channel?.recipients.join(", ") ?? "");
  const [verifyCertificate, setVerifyCertificate] = useState(channel?.smtp?.verifyCertificate ?? true);
  const [weeklyReport, setWeeklyReport] = useState(channel?.weeklyReport ?? false);

  const handlers = {
    onSuccess: () => {
      toast.success(channel ? `Channel "${name}" saved` : `Channel "${name}" created`);
      onSaved();
    },
    onError: (e: unknown) => toast.error(errorMessage(e, "Could not save the channel")),
  };
  const create = useMutation(trpc.alertChannel.create.mutationOptions(handlers));
  const update = useMutation(trpc.alertChannel.update.mutationOptions(handlers));
  const error = create.error ?? update.error;
  const fieldError = (path: string) => fieldErrorsOf(error)[path];

  const smtp = () => ({
    host: host.trim(),
    port: Number(port),
    security,
    ...(username.trim() ? { username: username.trim() } : {}),
    ...(password ? { password } : {}),
    from: from.trim(),
    verifyCertificate,
  });
  const list = () => recipients.split(/[,\s]+/).filter(Boolean);
  const save = () => {
    const email = kind === "email";
    const body = {
      name: name.trim(),
      weeklyReport,
      ...(!email && url.trim() ? { url: url.trim() } : {}),
      ...(kind === "webhook" && secret ? { secret } : {}),
      ...(kind === "webhook" && template.trim() ? { template } : {}),
      ...(email ? { smtp: smtp(), recipients: list() } : {}),
    };
    if (channel) update.mutate({ id: channel.id, ...body, ...(kind === "webhook" && channel.template && !template.trim() ? { template: null } : {}) });
    else create.mutate({ kind, ...body });
  };
  const keep = channel ? " Leave empty to keep the stored one." : "";
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={channel ? `Edit channel "${channel.name}"` : "New alert channel"}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} disabled={create.isPending || update.isPending}>
            {channel ? "Save" : "Create channel"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <Field label="Name" error={fieldError("name")}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </Field>
        <Field label="Kind">
          <Select value={kind} disabled={!!channel} onChange={(e) => setKind(e.target.value as Kind)}>
            {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </Select>
        </Field>
        {kind !== "email" ? (
          <Field label="URL" hint={`Write-only: only its host is shown afterwards.${keep}`} error={fieldError("url")}>
            <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder={channel ? channel.target : "https://"} type="url" />
          </Field>
        ) : null}
        {kind === "webhook" ? (
          <>
            <Field label="Signing secret" hint={`Each POST carries X-Lifeboat-Signature: sha256=<HMAC of the body>. At least 16 characters.${keep}`} error={fieldError("secret")}>
              <Input value={secret} onChange={(e) => setSecret(e.target.value)} type="password" autoComplete="new-password" />
            </Field>
            <Field label="Body template (optional)" hint="Mustache over the payload, e.g. {&quot;text&quot;: &quot;{{alert.message}}&quot;}. Empty: the documented JSON payload." error={fieldError("template")}>
              <Input value={template} onChange={(e) => setTemplate(e.target.value)} />
            </Field>
          </>
        ) : null}
        {kind === "email" ? (
          <>
            <div className="grid grid-cols-3 gap-3">
              <Field label="SMTP host" className="col-span-2" error={fieldError("smtp.host")}>
                <Input value={host} onChange={(e) => setHost(e.target.value)} />
              </Field>
              <Field label="Port" error={fieldError("smtp.port")}>
                <Input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" />
              </Field>
            </div>
            <Field label="Security">
              <Select value={security} onChange={(e) => setSecurity(e.target.value as Security)}>
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">None</option>
              </Select>
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field label="User (optional)">
                <Input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
              </Field>
              <Field label="Password" hint={channel?.hasSecret ? "Stored. Leave empty to keep it." : undefined} error={fieldError("smtp.password")}>
                <Input value={password} onChange={(e) => setPassword(e.target.value)} type="password" autoComplete="new-password" />
              </Field>
            </div>
            <Field label="From" error={fieldError("smtp.from")}>
              <Input value={from} onChange={(e) => setFrom(e.target.value)} type="email" />
            </Field>
            <Field label="Recipients" hint="Comma-separated addresses." error={fieldError("recipients") ?? fieldError("recipients.0")}>
              <Input value={recipients} onChange={(e) => setRecipients(e.target.value)} />
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4 accent-primary" checked={verifyCertificate} onChange={(e) => setVerifyCertificate(e.target.checked)} />
              Verify the server's TLS certificate
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4 accent-primary" checked={weeklyReport} onChange={(e) => setWeeklyReport(e.target.checked)} />
              E-mail the protection report every Monday
            </label>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
