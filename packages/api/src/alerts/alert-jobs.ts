// The portal's alert work on pg-boss (schema "pgboss" of the portal database), so it survives
// restarts and several portal processes share it:
// - "lifeboat-alerts-evaluate" (policy stately: at most one queued and one running job): each job
//   evaluates every workspace, queues the deliveries it planned and queues the next evaluation
//   `intervalMs` later. Every process starts the chain; a per-minute cron restarts it if it broke.
// - "lifeboat-alerts-deliver": one job per notification, retried with exponential backoff
//   (retryLimit, retryDelay × 2^n); every attempt lands in the delivery log (AlertDeliveryAttempt).
// - "lifeboat-alerts-weekly-report": Mondays 07:00 UTC, the protection report to every e-mail
//   channel with weeklyReport set.
import PgBoss from "pg-boss";
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";
import { syncErrorMessage } from "../ops/sync-connection.ts";
import { createUpstreamFor, type UpstreamFor } from "../upstream/upstream-for.ts";
import { runAlertEvaluation, type EvaluationReport } from "./evaluate.ts";
import { deliverNotification } from "./notify.ts";
import { sendWeeklyReports } from "./weekly-report.ts";

export const ALERT_QUEUES = {
  evaluate: "lifeboat-alerts-evaluate",
  deliver: "lifeboat-alerts-deliver",
  weeklyReport: "lifeboat-alerts-weekly-report",
} as const;

export interface AlertJobsOptions {
  db: Db;
  log: ApiLog;
  /** The portal database's URL (pg-boss keeps its tables in schema "pgboss" there). */
  connectionString: string;
  upstreamFor?: UpstreamFor;
  /** Pause between evaluations (default 60 s, at least 1 s). */
  intervalMs?: number;
  /** Delivery attempts per notification (default 6: immediately, then after 5, 10, 20, 40, 80 s). */
  maxAttempts?: number;
  /** First retry delay in seconds (doubles each time). */
  retryDelaySeconds?: number;
  /** Public URL of the portal for links in notifications (NEXTAUTH_URL), or null. */
  portalUrl?: string | null;
}

export interface AlertJobsHandle {
  /** Evaluates now in this process (not through the queue) and queues its deliveries. */
  evaluateNow(): Promise<EvaluationReport | null>;
  /** Queues the delivery of notifications (e.g. a channel test). */
  queueDeliveries(ids: string[], notBefore?: Date): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlertJobs(opts: AlertJobsOptions): Promise<AlertJobsHandle> {
  const intervalMs = opts.intervalMs ?? 60_000;
  if (!Number.isInteger(intervalMs) || intervalMs < 1000) throw new Error(`alert evaluation intervalMs must be an integer ≥ 1000 (got ${intervalMs})`);
  const maxAttempts = opts.maxAttempts ?? 6;
  const retryDelay = opts.retryDelaySeconds ?? 5;
  const upstreamFor = opts.upstreamFor ?? createUpstreamFor({ db: opts.db });
  const { db, log } = opts;

  const boss = new PgBoss({ connectionString: opts.connectionString, schema: "pgboss", max: 3 });
  boss.on("error", (error) => log.error("alert jobs: queue error", { error: syncErrorMessage(error, "") }));
  await boss.start();
  await boss.createQueue(ALERT_QUEUES.evaluate, { name: ALERT_QUEUES.evaluate, policy: "stately", expireInSeconds: 15 * 60 });
  await boss.createQueue(ALERT_QUEUES.deliver, { name: ALERT_QUEUES.deliver, retryLimit: maxAttempts - 1, retryDelay, retryBackoff: true, expireInSeconds: 120 });
  await boss.createQueue(ALERT_QUEUES.weeklyReport, { name: ALERT_QUEUES.weeklyReport, policy: "singleton" });

  const queueDeliveries = async (ids: string[], notBefore?: Date) => {
    for (const id of ids) {
      const due = notBefore ?? (await db.alertNotification.findUnique({ where: { id }, select: { notBefore: true } }))?.notBefore;
      await boss.send(ALERT_QUEUES.deliver, { notificationId: id }, { singletonKey: id, retryLimit: maxAttempts - 1, retryDelay, retryBackoff: true, ...(due && due > new Date() ? { startAfter: due } : {}) });
    }
  };

  const evaluateAndQueue = async () => {
    const report = await runAlertEvaluation({ db, log, upstreamFor });
    if (report) {
      await queueDeliveries(report.notificationIds);
      const changed = report.workspaces.filter((w) => w.opened + w.resolved > 0);
      if (changed.length > 0) log.info("alerts: evaluated", { evaluationId: report.evaluationId, workspaces: changed, notifications: report.notificationIds.length });
    }
    return report;
  };

  await boss.work(ALERT_QUEUES.evaluate, { pollingIntervalSeconds: 1 }, async () => {
    try {
      await evaluateAndQueue();
    } catch (error) {
      log.error("alerts: evaluation failed", { error: syncErrorMessage(error, "") });
    } finally {
      await boss.send(ALERT_QUEUES.evaluate, {}, { startAfter: Math.ceil(intervalMs / 1000) }).catch(() => null);
    }
  });
  await boss.work<{ notificationId: string }>(ALERT_QUEUES.deliver, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const outcome = await deliverNotification(db, job.data.notificationId, { portalUrl: opts.portalUrl ?? null, maxAttempts });
      // Throwing hands the job back to pg-boss, which retries it with backoff.
      if (outcome.state === "retry") throw new Error(`delivery ${job.data.notificationId} failed: ${outcome.result?.error ?? "unknown error"}`);
    }
  });
  await boss.work(ALERT_QUEUES.weeklyReport, async () => {
    const sent = await sendWeeklyReports({ db, log });
    if (sent > 0) log.info("alerts: weekly reports sent", { channels: sent });
  });
  await boss.schedule(ALERT_QUEUES.evaluate, "* * * * *");
  await boss.schedule(ALERT_QUEUES.weeklyReport, "0 7 * * 1");
  await boss.send(ALERT_QUEUES.evaluate, {});

  return {
    evaluateNow: evaluateAndQueue,
    queueDeliveries,
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
