// The weekly protection report: every e-mail channel with `weeklyReport` gets its workspace's
// protection report as a CSV attachment (one notification row per channel and ISO week, so a
// retried or doubled job sends it once), with the attempt in the delivery log.
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";
import { ChannelSettingsSchema, unsealSecrets } from "./channel-config.ts";
import { protectionReport, protectionReportCsv } from "./reports.ts";
import { sendEmail } from "./senders.ts";
import { Prisma } from "@lifeboat/db";

/** "2026-W49": the ISO week of `d`. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Sends this week's report to every subscribed channel not yet sent to; returns how many went out. */
export async function sendWeeklyReports(deps: { db: Db; log: ApiLog; now?: Date }): Promise<number> {
  const now = deps.now ?? new Date();
  const week = isoWeek(now);
  const channels = await deps.db.alertChannel.findMany({
    where: { kind: "email", weeklyReport: true },
    select: { id: true, workspaceId: true, settings: true, secretsCiphertext: true, workspace: { select: { name: true, connectionId: true } } },
  });
  let sent = 0;
  for (const channel of channels) {
    if (!channel.workspace.connectionId) continue;
    let notificationId: string;
    try {
      notificationId = (
        await deps.db.alertNotification.create({
          data: { workspaceId: channel.workspaceId, channelId: channel.id, event: "report", dedupKey: `${channel.id}|report|${week}`, notBefore: now },
          select: { id: true },
        })
      ).id;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue; // already sent this week
      throw error;
    }
    const rows = await protectionReport(deps.db, channel.workspace.connectionId);
    const result = await sendEmail(
      { kind: "email", settings: ChannelSettingsSchema.catch({}).parse(channel.settings), secrets: unsealSecrets(channel.secretsCiphertext) },
      {
        subject: `[Lifeboat] Protection report ${week}: ${channel.workspace.name}`,
        text: `The protection report of workspace "${channel.workspace.name}" for ${week}: ${rows.length} objects, ${rows.filter((r) => r.slaStatus === "missed").length} with a missed SLA. The CSV is attached.`,
        attachments: [{ filename: `protection-report-${week}.csv`, content: protectionReportCsv(rows), contentType: "text/csv" }],
      },
    );
    await deps.db.$transaction([
      deps.db.alertDeliveryAttempt.create({ data: { notificationId, attempt: 1, ok: result.ok, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs } }),
      deps.db.alertNotification.update({
        where: { id: notificationId },
        data: { attempts: 1, status: result.ok ? "delivered" : "failed", lastStatusCode: result.statusCode, lastError: result.error, ...(result.ok ? { deliveredAt: new Date() } : {}) },
      }),
    ]);
    if (result.ok) sent += 1;
    else deps.log.warn("alerts: weekly report not sent", { channelId: channel.id, error: result.error });
  }
  return sent;
}
