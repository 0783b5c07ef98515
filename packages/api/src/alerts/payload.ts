// The documented JSON a webhook receives (README "Alerts and monitoring"), as a zod schema so the
// builder, the docs and the tests agree. Version 1:
//   { version, event: "alert.firing" | "alert.resolved" | "test", deliveryId, sentAt,
//     workspace: { id, name }, alert: AlertPayload, alerts: AlertPayload[] }
// `alert` is the notification's alert (the first one when a rule groups by condition); `alerts`
// holds every alert of the notification. Signed with X-Lifeboat-Signature: sha256=<hex HMAC>.
import { z } from "zod";
import { AlertConditionSchema, AlertSeveritySchema, AlertSubjectSchema, CONDITIONS, type AlertCondition } from "./catalogue.ts";

export const ALERT_PAYLOAD_VERSION = 1;
export const NotificationEventSchema = z.enum(["firing", "resolved", "test", "report"]);
export type NotificationEvent = z.infer<typeof NotificationEventSchema>;

export const AlertPayloadSchema = z.object({
  id: z.string(),
  condition: AlertConditionSchema,
  conditionLabel: z.string(),
  severity: AlertSeveritySchema,
  status: z.enum(["open", "resolved"]),
  message: z.string(),
  subject: AlertSubjectSchema,
  details: z.record(z.string(), z.unknown()),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  acknowledged: z.boolean(),
  /** The alert in the portal, when the portal knows its public URL (NEXTAUTH_URL). */
  url: z.string().nullable(),
});
export type AlertPayload = z.infer<typeof AlertPayloadSchema>;

export const WebhookPayloadSchema = z.object({
  version: z.literal(ALERT_PAYLOAD_VERSION),
  event: z.enum(["alert.firing", "alert.resolved", "test"]),
  deliveryId: z.string(),
  sentAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  alert: AlertPayloadSchema,
  alerts: z.array(AlertPayloadSchema),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export interface AlertRowForPayload {
  id: string;
  condition: string;
  severity: "info" | "warning" | "critical";
  message: string;
  subject: unknown;
  details: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
}

export function alertPayload(row: AlertRowForPayload, portalUrl: string | null): AlertPayload {
  const condition = AlertConditionSchema.parse(row.condition);
  return {
    id: row.id,
    condition,
    conditionLabel: CONDITIONS[condition].label,
    severity: row.severity,
    status: row.resolvedAt ? "resolved" : "open",
    message: row.message,
    subject: AlertSubjectSchema.parse(row.subject),
    details: z.record(z.string(), z.unknown()).catch({}).parse(row.details),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    acknowledged: row.acknowledgedAt !== null,
    url: portalUrl ? `${portalUrl.replace(/\/+$/, "")}/alerts?alert=${encodeURIComponent(row.id)}` : null,
  };
}

export function webhookPayload(opts: {
  event: "firing" | "resolved" | "test";
  deliveryId: string;
  workspace: { id: string; name: string };
  alerts: AlertPayload[];
  now: Date;
}): WebhookPayload {
  const [first] = opts.alerts;
  if (!first) throw new Error("a notification carries at least one alert");
  return {
    version: ALERT_PAYLOAD_VERSION,
    event: opts.event === "test" ? "test" : `alert.${opts.event}`,
    deliveryId: opts.deliveryId,
    sentAt: opts.now.toISOString(),
    workspace: opts.workspace,
    alert: first,
    alerts: opts.alerts,
  };
}

/** The made-up alert of a "send test" (condition run.failed, severity info, clearly a test). */
export function testAlert(workspace: { id: string; name: string }, now: Date): AlertPayload {
  const condition: AlertCondition = "run.failed";
  return {
    id: "test",
    condition,
    conditionLabel: CONDITIONS[condition].label,
    severity: "info",
    status: "open",
    message: `Test notification from Lifeboat workspace "${workspace.name}": this channel works`,
    subject: { kind: "protectionGroup", id: "test", name: "Test group", groupId: "test", groupName: "Test group", runId: "test" },
    details: { test: true },
    firstSeenAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    resolvedAt: null,
    acknowledged: false,
    url: null,
  };
}

/** One line for chat and e-mail subjects: "[CRITICAL] Run failed: Protection group "x" …". */
export function headline(payload: WebhookPayload): string {
  const a = payload.alert;
  const more = payload.alerts.length > 1 ? ` (+${payload.alerts.length - 1} more)` : "";
  const state = payload.event === "alert.resolved" ? "RESOLVED" : a.severity.toUpperCase();
  return `[${state}] ${a.conditionLabel}: ${a.message}${more}`;
}
