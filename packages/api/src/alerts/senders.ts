// One delivery attempt on one channel: a signed JSON POST (webhook), a Slack- or Teams-compatible
// incoming-webhook message, or an e-mail over SMTP (nodemailer). Each attempt is bounded by a
// deadline and answers { ok, statusCode, error } for the delivery log; errors name the channel's
// host, never its URL path or a secret.
import { createHmac } from "node:crypto";
import Mustache from "mustache";
import nodemailer from "nodemailer";
import type { ChannelKind, ChannelSecrets, ChannelSettings } from "./channel-config.ts";
import { headline, type WebhookPayload } from "./payload.ts";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = "X-Lifeboat-Signature";
const MAX_ERROR = 300;

export interface DeliveryResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface ChannelForDelivery {
  kind: ChannelKind;
  settings: ChannelSettings;
  secrets: ChannelSecrets;
}

export interface Attachment {
  filename: string;
  content: string;
  contentType: string;
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>` (what X-Lifeboat-Signature carries). */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Mustache with JSON-string escaping, so `"text": "{{alert.message}}"` stays valid JSON. */
export function renderTemplate(template: string, payload: WebhookPayload): string {
  return Mustache.render(template, payload, {}, { escape: (value: unknown) => JSON.stringify(String(value)).slice(1, -1) });
}

function clip(message: string, secrets: ChannelSecrets): string {
  let m = message;
  for (const s of [secrets.url, secrets.secret, secrets.password]) if (s) m = m.split(s).join("[redacted]");
  return m.length > MAX_ERROR ? `${m.slice(0, MAX_ERROR - 1)}…` : m;
}

const SEVERITY_COLOR = { info: "2563EB", warning: "D97706", critical: "DC2626" } as const;

function slackBody(payload: WebhookPayload): unknown {
  const a = payload.alert;
  const lines = payload.alerts.map((x) => `• ${x.message}${x.url ? ` (<${x.url}|open>)` : ""}`);
  return {
    text: headline(payload),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${headline(payload)}*` } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Workspace ${payload.workspace.name} · ${a.condition} · first seen ${a.firstSeenAt}` }] },
    ],
  };
}

/** Teams incoming webhooks (and Workflows' "post to a channel when a webhook request is received") take an Adaptive Card message. */
function teamsBody(payload: WebhookPayload): unknown {
  const a = payload.alert;
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", wrap: true, text: headline(payload), color: payload.event === "alert.resolved" ? "Good" : a.severity === "critical" ? "Attention" : "Warning" },
            ...payload.alerts.map((x) => ({ type: "TextBlock", wrap: true, text: x.message })),
            {
              type: "FactSet",
              facts: [
                { title: "Workspace", value: payload.workspace.name },
                { title: "Condition", value: a.condition },
                { title: "Severity", value: a.severity },
                { title: "First seen", value: a.firstSeenAt },
              ],
            },
          ],
          ...(a.url ? { actions: [{ type: "Action.OpenUrl", title: "Open in Lifeboat", url: a.url }] } : {}),
          msteams: { width: "Full" },
        },
      },
    ],
    themeColor: SEVERITY_COLOR[a.severity],
  };
}

async function postJson(channel: ChannelForDelivery, body: string, headers: Record<string, string>): Promise<DeliveryResult> {
  const started = performance.now();
  const url = channel.secrets.url;
  if (!url) return { ok: false, statusCode: null, error: "the channel has no URL", durationMs: 0 };
  const host = new URL(url).host;
  try {
    const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    await res.body?.cancel().catch(() => {});
    const durationMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status} from ${host}`, durationMs };
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { ok: false, statusCode: null, error: clip(`could not reach ${host}: ${reason}`, channel.secrets), durationMs: Math.round(performance.now() - started) };
  }
}

function emailText(payload: WebhookPayload): string {
  const lines = [headline(payload), ""];
  for (const a of payload.alerts) {
    lines.push(`${a.conditionLabel} (${a.severity}, ${a.status})`, `  ${a.message}`, `  subject: ${a.subject.kind} ${a.subject.name} (${a.subject.id})`);
    if (a.subject.runId) lines.push(`  run: ${a.subject.runId}`);
    lines.push(`  first seen ${a.firstSeenAt}, last seen ${a.lastSeenAt}${a.resolvedAt ? `, resolved ${a.resolvedAt}` : ""}`);
    if (a.url) lines.push(`  ${a.url}`);
    lines.push("");
  }
  lines.push(`Workspace: ${payload.workspace.name}`, `Delivery: ${payload.deliveryId}`);
  return lines.join("\n");
}

export async function sendEmail(channel: ChannelForDelivery, mail: { subject: string; text: string; attachments?: Attachment[] }): Promise<DeliveryResult> {
  const started = performance.now();
  const smtp = channel.settings.smtp;
  const to = channel.settings.recipients ?? [];
  if (!smtp || to.length === 0) return { ok: false, statusCode: null, error: "the channel has no SMTP settings or recipients", durationMs: 0 };
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === "tls",
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    ...(smtp.username ? { auth: { user: smtp.username, pass: channel.secrets.password ?? "" } } : {}),
    tls: { rejectUnauthorized: smtp.verifyCertificate },
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to, subject: mail.subject, text: mail.text, attachments: mail.attachments ?? [] });
    const code = Number(/^(\d{3})/.exec(info.response ?? "")?.[1] ?? 250);
    return { ok: true, statusCode: code, error: null, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const e = error as { responseCode?: number; message?: string };
    return {
      ok: false,
      statusCode: e.responseCode ?? null,
      error: clip(`SMTP ${smtp.host}:${smtp.port}: ${e.message ?? String(error)}`, channel.secrets),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    transport.close();
  }
}

/** Delivers one notification payload on one channel, once (retries are the queue's job). */
export async function deliver(channel: ChannelForDelivery, payload: WebhookPayload): Promise<DeliveryResult> {
  switch (channel.kind) {
    case "webhook": {
      const template = channel.settings.template;
      const body = template ? renderTemplate(template, payload) : JSON.stringify(payload);
      const isJson = !template || (() => { try { JSON.parse(body); return true; } catch { return false; } })();
      const headers: Record<string, string> = {
        "content-type": isJson ? "application/json" : "text/plain; charset=utf-8",
        "user-agent": "Lifeboat-Alerts/1",
        "X-Lifeboat-Event": payload.event,
        "X-Lifeboat-Delivery": payload.deliveryId,
      };
      if (channel.secrets.secret) headers[SIGNATURE_HEADER] = signatureOf(body, channel.secrets.secret);
      return postJson(channel, body, headers);
    }
    case "slack":
      return postJson(channel, JSON.stringify(slackBody(payload)), { "content-type": "application/json" });
    case "teams":
      return postJson(channel, JSON.stringify(teamsBody(payload)), { "content-type": "application/json" });
    case "email":
      return sendEmail(channel, { subject: `[Lifeboat] ${headline(payload)}`, text: emailText(payload) });
  }
}
