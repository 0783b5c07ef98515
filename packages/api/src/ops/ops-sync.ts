// The background ops sync: every `intervalMs` one tick syncs every upstream connection into the
// portal's sync tables (sync-connection.ts). Several portal processes may run it: a PostgreSQL
// advisory lock, held by a transaction for the length of the tick, lets exactly one of them work
// per tick and the others skip (no queue needed for one periodic job).
import type { ApiLog } from "../log.ts";
import type { Db } from "../db.ts";
import { createUpstreamFor, type UpstreamFor } from "../upstream/upstream-for.ts";
import { DEFAULT_SYNC_BUDGET, syncConnection, syncErrorMessage, type ConnectionSyncReport, type SyncBudget } from "./sync-connection.ts";

/** Arbitrary constant: the advisory lock id of the ops sync ("lbops" in ASCII). */
export const OPS_SYNC_LOCK_KEY = 0x6c626f7073;
const TICK_TIMEOUT_MS = 10 * 60_000;

export interface OpsSyncDeps {
  db: Db;
  log: ApiLog;
  /** Reuse the web process's instance to share its client cache; one is made otherwise. */
  upstreamFor?: UpstreamFor;
  budget?: Partial<SyncBudget>;
  now?: () => Date;
}

export interface OpsSyncTickReport {
  connections: ConnectionSyncReport[];
  durationMs: number;
}

async function tick(deps: OpsSyncDeps, upstreamFor: UpstreamFor): Promise<OpsSyncTickReport> {
  const started = performance.now();
  const budget = { ...DEFAULT_SYNC_BUDGET, ...deps.budget };
  const connections = await deps.db.upstreamConnection.findMany({
    select: { id: true, name: true, apiKeyCiphertext: true },
    orderBy: { createdAt: "asc" },
  });
  const reports: ConnectionSyncReport[] = [];
  for (const connection of connections) {
    const now = deps.now?.() ?? new Date();
    try {
      // upstreamFor takes a workspace; the sync acts for the connection itself.
      const client = await upstreamFor({ id: `ops-sync:${connection.id}`, connectionId: connection.id });
      const report = await syncConnection({ db: deps.db, client, connection, budget, now });
      reports.push(report);
      const failed = report.streams.filter((s) => !s.ok);
      if (failed.length > 0) {
        deps.log.warn("ops sync: some streams failed", { connectionId: connection.id, streams: failed.map((s) => `${s.stream}: ${s.error}`) });
      }
    } catch (error) {
      // Not even a client (connection deleted mid-tick, undecryptable key): record and move on.
      const message = syncErrorMessage(error, "");
      deps.log.error("ops sync: connection failed", { connectionId: connection.id, error: message });
      reports.push({ connectionId: connection.id, streams: [{ stream: "connection", ok: false, error: message }], runsUpserted: 0 });
    }
  }
  return { connections: reports, durationMs: Math.round(performance.now() - started) };
}

/**
 * One tick under the advisory lock. Resolves to null when another process holds it (its tick is
 * running right now), else to the tick's report.
 */
export async function runOpsSyncTick(deps: OpsSyncDeps): Promise<OpsSyncTickReport | null> {
  const upstreamFor = deps.upstreamFor ?? createUpstreamFor({ db: deps.db });
  return deps.db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${OPS_SYNC_LOCK_KEY}::bigint) AS locked`;
      if (!row?.locked) return null;
      // The transaction only holds the lock; the tick's writes go through the pool.
      return tick(deps, upstreamFor);
    },
    { maxWait: 10_000, timeout: TICK_TIMEOUT_MS },
  );
}

export interface OpsSyncHandle {
  /** Runs a tick now (after the current one, if any) and resolves with its report. */
  tickNow(): Promise<OpsSyncTickReport | null>;
  stop(): Promise<void>;
}

/** Starts the periodic sync (first tick right away). Call once per portal process. */
export function startOpsSync(deps: OpsSyncDeps & { intervalMs?: number }): OpsSyncHandle {
  const intervalMs = deps.intervalMs ?? 60_000;
  if (!Number.isInteger(intervalMs) || intervalMs < 1000) throw new Error(`ops sync intervalMs must be an integer ≥ 1000 (got ${intervalMs})`);
  const upstreamFor = deps.upstreamFor ?? createUpstreamFor({ db: deps.db });
  let running: Promise<OpsSyncTickReport | null> = Promise.resolve(null);
  let stopped = false;
  const run = () => {
    running = running
      .catch(() => null)
      .then(() => (stopped ? null : runOpsSyncTick({ ...deps, upstreamFor })))
      .catch((error: unknown) => {
        deps.log.error("ops sync tick failed", { error: syncErrorMessage(error, "") });
        return null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  void run();
  return {
    tickNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => null);
    },
  };
}
