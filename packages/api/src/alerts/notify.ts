// Alerts opened or resolved by an evaluation → notifications, per the workspace's rules: a rule
// matches an alert by condition and minimum severity and names channels. One problem sends one
// notification per channel when it opens and one when it resolves, whatever the number of
// evaluations or matching rules (dedupKey is unique). A rule grouping "by condition" sends one
// notification per condition and evaluation listing every alert of it. A resolution goes only to
// channels that were told about the problem; if that first notification is still held by quiet
// hours, both are dropped (status "suppressed"): nothing to wake anybody for.
import { Prisma } from "@lifeboat/db";
import type { Db } from "../db.ts";
import { severityRank, type AlertSeverity } from "./catalogue.ts";
import { ChannelSettingsSchema, unsealSecrets } from "./channel-config.ts";
import { alertPayload, webhookPayload, type NotificationEvent } from "./payload.ts";
import { quietHoursEnd } from "./quiet-hours.ts";
import type { AlertChange, ReconcileReport } from "./reconcile.ts";
import { deliver, type DeliveryResult } from "./senders.ts";

interface RuleForNotify {
  id: string;
  conditions: string[];
  minSeverity: AlertSeverity;
  groupBy: string;
  notifyResolved: boolean;
  quietStart: string | null;
  quietEnd: string | null;
  quietTimeZone: string | null;
  channels: { id: string }[];
}

const matches = (rule: RuleForNotify, a: AlertChange) => rule.conditions.includes(a.condition) && severityRank(a.severity) >= severityRank(rule.minSeverity);

function quietOf(rule: RuleForNotify) {
  return rule.quietStart && rule.quietEnd && rule.quietTimeZone ? { start: rule.quietStart, end: rule.quietEnd, timeZone: rule.quietTimeZone } : null;
}

async function createNotification(db: Db, data: Prisma.AlertNotificationUncheckedCreateInput): Promise<string | null> {
  try {
    return (await db.alertNotification.create({ data, select: { id: true } })).id;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null; // already planned
    throw error;
  }
}

/** Groups of alerts that go out together under one rule: one per alert, or one per condition. */
function batches(rule: RuleForNotify, alerts: AlertChange[]): AlertChange[][] {
  if (rule.groupBy !== "condition") return alerts.map((a) => [a]);
  const byCondition = new Map<string, AlertChange[]>();
  for (const a of alerts) byCondition.set(a.condition, [...(byCondition.get(a.condition) ?? []), a]);
  return [...byCondition.values()];
}

/** Plans the notifications of one evaluation of one workspace; returns the ids of new ones. */
export async function planNotifications(db: Db, workspaceId: string, report: ReconcileReport, now: Date, evaluationId: string): Promise<string[]> {
  if (report.opened.length === 0 && report.resolved.length === 0) return [];
  const rules: RuleForNotify[] = await db.alertRule.findMany({
    where: { workspaceId, enabled: true },
    select: { id: true, conditions: true, minSeverity: true, groupBy: true, notifyResolved: true, quietStart: true, quietEnd: true, quietTimeZone: true, channels: { select: { id: true } } },
    orderBy: { createdAt: "asc" },
  });
  const created: string[] = [];
  for (const rule of rules) {
    const notBefore = quietHoursEnd(quietOf(rule), now);
    for (const batch of batches(rule, report.opened.filter((a) => matches(rule, a)))) {
      for (const channel of rule.channels) {
        const key = batch.length === 1 && rule.groupBy !== "condition" ? `${channel.id}|${batch[0]!.id}|firing` : `${channel.id}|${batch[0]!.condition}|firing|${evaluationId}`;
        const id = await createNotification(db, {
          workspaceId,
          channelId: channel.id,
          ruleId: rule.id,
          alertId: batch[0]!.id,
          alertIds: batch.map((a) => a.id),
          event: "firing",
          dedupKey: key,
          notBefore,
        });
        if (id) created.push(id);
      }
    }
    if (!rule.notifyResolved) continue;
    for (const channel of rule.channels) {
      const told: AlertChange[] = [];
      for (const a of report.resolved.filter((x) => matches(rule, x))) {
        const firing = await db.alertNotification.findFirst({
          where: { channelId: channel.id, event: "firing", alertIds: { has: a.id } },
          select: { id: true, status: true, notBefore: true },
        });
        if (!firing || firing.status === "suppressed") continue;
        if (firing.status === "pending" && firing.notBefore > now) {
          await db.alertNotification.update({ where: { id: firing.id }, data: { status: "suppressed", lastError: "resolved during quiet hours" } });
          continue;
        }
        told.push(a);
      }
      for (const batch of batches(rule, told)) {
        const key = batch.length === 1 && rule.groupBy !== "condition" ? `${channel.id}|${batch[0]!.id}|resolved` : `${channel.id}|${batch[0]!.condition}|resolved|${evaluationId}`;
        const id = await createNotification(db, {
          workspaceId,
          channelId: channel.id,
          ruleId: rule.id,
          alertId: batch[0]!.id,
          alertIds: batch.map((a) => a.id),
          event: "resolved",
          dedupKey: key,
          notBefore,
        });
        if (id) created.push(id);
      }
    }
  }
  return created;
}

export interface DeliverOptions {
  /** The portal's public URL, for links in payloads (NEXTAUTH_URL). */
  portalUrl: string | null;
  /** Attempts before a notification is given up ("failed"). */
  maxAttempts: number;
  now?: () => Date;
}

export interface DeliveryOutcome {
  /** "retry": the queue should try again later. */
  state: "delivered" | "failed" | "retry" | "skipped";
  result: DeliveryResult | null;
}

/** One attempt at a pending notification; logs the attempt (the delivery log) and its status. */
export async function deliverNotification(db: Db, notificationId: string, opts: DeliverOptions): Promise<DeliveryOutcome> {
  const now = opts.now?.() ?? new Date();
  const n = await db.alertNotification.findUnique({
    where: { id: notificationId },
    select: {
      id: true,
      status: true,
      event: true,
      attempts: true,
      alertIds: true,
      workspaceId: true,
      channel: { select: { kind: true, settings: true, secretsCiphertext: true } },
    },
  });
  if (!n || n.status !== "pending") return { state: "skipped", result: null };
  const [workspace, alerts] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: n.workspaceId }, select: { id: true, name: true } }),
    db.alert.findMany({ where: { id: { in: n.alertIds } }, orderBy: { firstSeenAt: "asc" } }),
  ]);
  if (alerts.length === 0) {
    await db.alertNotification.update({ where: { id: n.id }, data: { status: "suppressed", lastError: "its alerts were deleted" } });
    return { state: "skipped", result: null };
  }
  const order = new Map(n.alertIds.map((id, i) => [id, i]));
  alerts.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const payload = webhookPayload({
    event: n.event as Exclude<NotificationEvent, "report">,
    deliveryId: n.id,
    workspace,
    alerts: alerts.map((a) => alertPayload(a, opts.portalUrl)),
    now,
  });
  const result = await deliver(
    { kind: n.channel.kind, settings: ChannelSettingsSchema.catch({}).parse(n.channel.settings), secrets: unsealSecrets(n.channel.secretsCiphertext) },
    payload,
  );
  const attempt = n.attempts + 1;
  const state = result.ok ? "delivered" : attempt >= opts.maxAttempts ? "failed" : "retry";
  await db.$transaction([
    db.alertDeliveryAttempt.create({
      data: { notificationId: n.id, attempt, ok: result.ok, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs, at: now },
    }),
    db.alertNotification.update({
      where: { id: n.id },
      data: {
        attempts: attempt,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        ...(state === "delivered" ? { status: "delivered", deliveredAt: now } : state === "failed" ? { status: "failed" } : {}),
      },
    }),
  ]);
  return { state, result };
}
