// Housekeeping of the portal's own tables: rows that have expired are deleted periodically so the
// tables do not grow without bound. Idempotency keys (a day), sign-in rate-limit counters
// (RateLimiterFlexible, their window), and next-auth sessions / verification tokens past `expires`.
// Download tickets are signed, not stored, so there is nothing to purge for them. Deletes are
// idempotent: several portal processes may run this at the same time.
import type { ApiLog } from "../log.ts";
import type { Db } from "../db.ts";
import { purgeExpiredIdempotencyKeys } from "../services/idempotency.ts";

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

export interface PurgeReport {
  idempotencyKeys: number;
  rateLimitCounters: number;
  sessions: number;
  verificationTokens: number;
}

/** Deletes every row that expired at or before `now`; returns how many of each kind. */
export async function purgeExpiredRows(db: Db, now = new Date()): Promise<PurgeReport> {
  const idempotencyKeys = await purgeExpiredIdempotencyKeys(db, now);
  const rateLimitCounters = (await db.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } })).count;
  const sessions = (await db.session.deleteMany({ where: { expires: { lte: now } } })).count;
  const verificationTokens = (await db.verificationToken.deleteMany({ where: { expires: { lte: now } } })).count;
  return { idempotencyKeys, rateLimitCounters, sessions, verificationTokens };
}

export interface HousekeepingHandle {
  /** Runs a purge now (after the current one, if any) and resolves with its report (null if it failed). */
  runNow(): Promise<PurgeReport | null>;
  stop(): Promise<void>;
}

/** Starts the periodic purge (first one right away). Call once per portal process. */
export function startHousekeeping(deps: { db: Db; log: ApiLog; intervalMs?: number; now?: () => Date }): HousekeepingHandle {
  const intervalMs = deps.intervalMs ?? HOUSEKEEPING_INTERVAL_MS;
  if (!Number.isInteger(intervalMs) || intervalMs < 1000) throw new Error(`housekeeping intervalMs must be an integer ≥ 1000 (got ${intervalMs})`);
  let running: Promise<PurgeReport | null> = Promise.resolve(null);
  let stopped = false;
  const run = () => {
    running = running
      .catch(() => null)
      .then(async () => {
        if (stopped) return null;
        const report = await purgeExpiredRows(deps.db, deps.now?.() ?? new Date());
        const total = Object.values(report).reduce((a, b) => a + b, 0);
        if (total > 0) deps.log.info("housekeeping: purged expired rows", { ...report });
        return report;
      })
      .catch((error: unknown) => {
        deps.log.error("housekeeping failed", { error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
        return null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => null);
    },
  };
}
