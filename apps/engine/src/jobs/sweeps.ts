// The engine's periodic sweeps (dead-agent watchdog, scheduler, retention) run in every engine
// process, but each sweep runs in one process at a time across all processes on the database:
// it runs inside a transaction that holds a PostgreSQL advisory lock for it
// (pg_try_advisory_xact_lock), and a process that does not get the lock skips that tick. The
// lock is released when the transaction ends (also when the process or its connection dies), so
// no sweep is ever blocked by a dead engine. The sweep's own writes use other connections; the
// transaction only carries the lock.
//
// Why not a pg-boss cron: its schedules have one-minute granularity, the scheduler sweeps every
// ENGINE_SCHEDULER_INTERVAL_SECS (15 s by default). The operations a sweep performs stay safe on
// their own as well (claims by conditional update, a per-group lock and a partial unique index
// for runs), the lock keeps two processes from doing the same work twice.
import type { EngineDb } from "../db.ts";

/** Advisory lock namespace of the sweeps (7243 is the per-group run lock of start-run.ts). */
const SWEEP_LOCK_NAMESPACE = 7244;

export const SWEEP_LOCKS = { watchdog: 1, scheduler: 2, retention: 3, repositories: 4 } as const;
export type SweepName = keyof typeof SWEEP_LOCKS;

/** Longest a sweep may hold its lock; past it the transaction ends and another process may sweep. */
const SWEEP_LOCK_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs `work` if no other engine process is running the sweep `name` right now. Resolves to true
 * when it ran, false when another process held the sweep (this tick is skipped).
 */
export async function runExclusive(db: EngineDb, name: SweepName, work: () => Promise<void>): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK_NAMESPACE}::int, ${SWEEP_LOCKS[name]}::int) AS locked`;
      if (!row?.locked) return false;
      await work();
      return true;
    },
    { maxWait: 30_000, timeout: SWEEP_LOCK_TIMEOUT_MS },
  );
}
