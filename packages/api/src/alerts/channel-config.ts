// Alert channels: the request bodies (REST and tRPC share them), what is stored (settings JSON in
// the clear, the URL / webhook secret / SMTP password sealed together, write-only) and the one
// output projection. A channel body is `{ name, kind, url?, secret?, template?, smtp?, recipients? }`.
import { decryptSecret, encryptSecret } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { EmailSchema, IdSchema } from "../schemas.ts";
import { nextSecret } from "../services/write-only-secret.ts";

const ChannelUrlSchema = z
  .url({ protocol: /^https?$/, message: "Give an http(s) URL" })
  .max(2000)
  .refine((u) => !new URL(u).username && !new URL(u).password, "Do not put credentials in the URL; use the secret");

export const ChannelNameSchema = z.string().trim().min(1).max(100);
/** HMAC key of the webhook signature; long enough to resist guessing. */
export const WebhookSecretSchema = z.string().min(16, "Use at least 16 characters").max(500);
/** A Mustache template of the webhook body; the alert payload is its view. */
export const WebhookTemplateSchema = z.string().min(1).max(20_000);

export const SmtpSecuritySchema = z.enum(["starttls", "tls", "none"]);
export const SmtpSettingsSchema = z.object({
  host: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.:[\]-]+$/, "Give a host name or address"),
  port: z.number().int().min(1).max(65_535),
  /** starttls: plain connection upgraded by STARTTLS (required); tls: TLS from the start (465); none: no TLS. */
  security: SmtpSecuritySchema,
  username: z.string().max(255).optional(),
  from: EmailSchema,
  /** false accepts a self-signed server certificate (a lab mail server). */
  verifyCertificate: z.boolean().default(true),
});
const SmtpInputSchema = SmtpSettingsSchema.extend({ password: z.string().min(1).max(500).nullish() });
const RecipientsSchema = z.array(EmailSchema).min(1, "Give at least one recipient").max(50);

const common = { name: ChannelNameSchema, weeklyReport: z.boolean().default(false) };

export const ChannelKindSchema = z.enum(["webhook", "email", "slack", "teams"]);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** Which body fields each kind takes (and needs). */
const FIELDS_OF: Record<ChannelKind, { required: string[]; allowed: string[] }> = {
  webhook: { required: ["url"], allowed: ["url", "secret", "template"] },
  slack: { required: ["url"], allowed: ["url"] },
  teams: { required: ["url"], allowed: ["url"] },
  email: { required: ["smtp", "recipients"], allowed: ["smtp", "recipients"] },
};
const KIND_FIELDS = ["url", "secret", "template", "smtp", "recipients"] as const;

/** One object (the REST door takes object bodies); the fields a kind needs are checked per kind. */
export const CreateChannelInput = z
  .object({
    ...common,
    kind: ChannelKindSchema,
    url: ChannelUrlSchema.optional(),
    secret: WebhookSecretSchema.optional(),
    template: WebhookTemplateSchema.optional(),
    smtp: SmtpInputSchema.optional(),
    recipients: RecipientsSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const { required, allowed } = FIELDS_OF[v.kind];
    for (const field of KIND_FIELDS) {
      const given = v[field] !== undefined;
      if (!given && required.includes(field)) ctx.addIssue({ code: "custom", path: [field], message: `A channel of kind ${v.kind} needs ${field}` });
      if (given && !allowed.includes(field)) ctx.addIssue({ code: "custom", path: [field], message: `A channel of kind ${v.kind} has no ${field}` });
    }
  });
export type CreateChannel = z.infer<typeof CreateChannelInput>;

/**
 * Replaces a channel's settings (the kind stays). Left out: `url` keeps the stored URL, `secret` /
 * `smtp.password` keep the stored one unless the destination changed; null removes the secret.
 */
export const UpdateChannelInput = z.object({
  id: IdSchema,
  name: ChannelNameSchema,
  weeklyReport: z.boolean().default(false),
  url: ChannelUrlSchema.optional(),
  secret: WebhookSecretSchema.nullish(),
  template: WebhookTemplateSchema.nullish(),
  smtp: SmtpInputSchema.optional(),
  recipients: RecipientsSchema.optional(),
});
export type UpdateChannel = z.infer<typeof UpdateChannelInput>;

/** Stored in the clear (AlertChannel.settings). */
export const ChannelSettingsSchema = z.object({
  template: z.string().optional(),
  smtp: SmtpSettingsSchema.optional(),
  recipients: z.array(z.string()).optional(),
});
export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;

/** Sealed (AlertChannel.secretsCiphertext): never returned, never logged. */
export const ChannelSecretsSchema = z.object({ url: z.string().optional(), secret: z.string().optional(), password: z.string().optional() });
export type ChannelSecrets = z.infer<typeof ChannelSecretsSchema>;

export const sealSecrets = (secrets: ChannelSecrets) => encryptSecret(JSON.stringify(secrets));
export const unsealSecrets = (ciphertext: string): ChannelSecrets => ChannelSecretsSchema.parse(JSON.parse(decryptSecret(ciphertext)));

/** Scheme and host only: the rest of a webhook URL (Slack's path, a query token) is a secret. */
export function targetOf(kind: ChannelKind, url: string | undefined, smtp: z.infer<typeof SmtpSettingsSchema> | undefined): string {
  if (kind === "email") return smtp ? `smtp://${smtp.host}:${smtp.port}` : "smtp://";
  return url ? new URL(url).origin : "";
}

export interface StoredChannel {
  name: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  secrets: ChannelSecrets;
  weeklyReport: boolean;
}

function need<T>(value: T | undefined, kind: ChannelKind, field: string): T {
  if (value === undefined) throw new TRPCError({ code: "BAD_REQUEST", message: `A ${kind} channel needs ${field}` });
  return value;
}

export function channelFromCreate(input: CreateChannel): StoredChannel {
  const base = { name: input.name, kind: input.kind, weeklyReport: input.weeklyReport };
  switch (input.kind) {
    case "webhook":
      return { ...base, settings: input.template ? { template: input.template } : {}, secrets: { url: need(input.url, "webhook", "url"), ...(input.secret ? { secret: input.secret } : {}) } };
    case "slack":
    case "teams":
      return { ...base, settings: {}, secrets: { url: need(input.url, input.kind, "url") } };
    case "email": {
      const { password, ...smtp } = need(input.smtp, "email", "smtp");
      return { ...base, settings: { smtp, recipients: need(input.recipients, "email", "recipients") }, secrets: password ? { password } : {} };
    }
  }
}

const bad = (message: string) => new TRPCError({ code: "BAD_REQUEST", message });

/** Applies an update to a stored channel under the write-only rule (services/write-only-secret.ts). */
export function channelFromUpdate(stored: StoredChannel, input: UpdateChannel): StoredChannel {
  const base = { name: input.name, kind: stored.kind, weeklyReport: input.weeklyReport };
  if (stored.kind === "email") {
    if (input.url !== undefined || input.secret !== undefined || input.template !== undefined) throw bad("An e-mail channel has no url, secret or template; give smtp and recipients");
    const old = stored.settings.smtp;
    const given = input.smtp;
    const smtp = given ? (({ password: _p, ...s }) => s)(given) : old;
    if (!smtp) throw bad("Give the SMTP settings (smtp)");
    const moved = !!old && (smtp.host !== old.host || smtp.port !== old.port || smtp.security !== old.security || smtp.username !== old.username);
    const password = nextSecret({ path: "smtp.password", field: "SMTP password", stored: stored.secrets.password, given: given?.password, destinationChanged: moved, destination: "SMTP server or user" });
    return { ...base, settings: { smtp, recipients: input.recipients ?? stored.settings.recipients }, secrets: password.value ? { password: password.value } : {} };
  }
  if (input.smtp !== undefined || input.recipients !== undefined) throw bad(`A ${stored.kind} channel has no smtp or recipients`);
  const url = input.url ?? stored.secrets.url;
  if (stored.kind !== "webhook") {
    if (input.secret !== undefined || input.template !== undefined) throw bad(`A ${stored.kind} channel has no secret or template`);
    return { ...base, settings: {}, secrets: { url } };
  }
  const moved = input.url !== undefined && input.url !== stored.secrets.url;
  const secret = nextSecret({ path: "secret", field: "webhook secret", stored: stored.secrets.secret, given: input.secret, destinationChanged: moved, destination: "URL" });
  const template = input.template === undefined ? stored.settings.template : (input.template ?? undefined);
  return { ...base, settings: template ? { template } : {}, secrets: { url, ...(secret.value ? { secret: secret.value } : {}) } };
}

export const AlertChannelOutput = z.object({
  id: z.string(),
  name: z.string(),
  kind: ChannelKindSchema,
  /** Scheme and host of the URL (e-mail: smtp://host:port); the full URL is write-only. */
  target: z.string(),
  /** A webhook secret or SMTP password is stored (never shown). */
  hasSecret: z.boolean(),
  template: z.string().nullable(),
  smtp: SmtpSettingsSchema.nullable(),
  recipients: z.array(z.string()),
  weeklyReport: z.boolean(),
  lastTestAt: z.date().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertChannelView = z.infer<typeof AlertChannelOutput>;

export const channelSelect = {
  id: true,
  name: true,
  kind: true,
  target: true,
  hasSecret: true,
  settings: true,
  weeklyReport: true,
  lastTestAt: true,
  lastTestOk: true,
  lastTestMessage: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function toChannelView(row: {
  id: string;
  name: string;
  kind: ChannelKind;
  target: string;
  hasSecret: boolean;
  settings: unknown;
  weeklyReport: boolean;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}): AlertChannelView {
  const settings = ChannelSettingsSchema.catch({}).parse(row.settings);
  const { settings: _s, ...rest } = row;
  return { ...rest, template: settings.template ?? null, smtp: settings.smtp ?? null, recipients: settings.recipients ?? [] };
}

/** The row fields of a stored channel (sealed secrets, target, hasSecret). */
export function channelRowData(channel: StoredChannel) {
  return {
    name: channel.name,
    kind: channel.kind,
    weeklyReport: channel.weeklyReport,
    settings: channel.settings,
    secretsCiphertext: sealSecrets(channel.secrets),
    target: targetOf(channel.kind, channel.secrets.url, channel.settings.smtp),
    hasSecret: !!(channel.secrets.secret ?? channel.secrets.password),
  };
}
