// Next.js calls `register()` once when a server process starts. It starts the ops sync of
// @lifeboat/api (src/ops): every minute the upstream connections' groups, runs, objects, connectors
// and recoveries are copied into the portal database, which is all the dashboard reads. Several
// portal processes may run it; an advisory lock lets one of them work per tick.
// LIFEBOAT_OPS_SYNC=off disables it; LIFEBOAT_OPS_SYNC_INTERVAL_SECONDS (default 60) sets the pace.
// It also starts the hourly housekeeping of the portal's own tables (expired idempotency keys,
// sign-in rate-limit counters, sessions), which runs whatever LIFEBOAT_OPS_SYNC says, and the alert
// jobs on pg-boss (alert evaluation every LIFEBOAT_ALERTS_INTERVAL_SECONDS, default 60; deliveries
// with retries; the weekly report), unless LIFEBOAT_ALERTS=off.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAlertJobs, startHousekeeping, startOpsSync } = await import("@lifeboat/api");
  const { getDb, getLog, getUpstreamFor } = await import("./server/globals.ts");
  try {
    startHousekeeping({ db: getDb(), log: getLog() });
  } catch (error) {
    getLog().error("housekeeping not started", { error: error instanceof Error ? error.message : String(error) });
  }
  // Alerts that cannot start must not keep the portal from serving (nor delay it): the log says why.
  const alertsNotStarted = (error: unknown) => getLog().error("alert jobs not started", { error: error instanceof Error ? error.message : String(error) });
  try {
    const { webEnv } = await import("./server/env.ts");
    const env = webEnv();
    if (env.LIFEBOAT_ALERTS === "on") {
      void startAlertJobs({
        db: getDb(),
        log: getLog(),
        connectionString: env.DATABASE_URL,
        upstreamFor: getUpstreamFor(),
        intervalMs: env.LIFEBOAT_ALERTS_INTERVAL_SECONDS * 1000,
        portalUrl: env.NEXTAUTH_URL ?? null,
      }).catch(alertsNotStarted);
    }
  } catch (error) {
    alertsNotStarted(error);
  }
  if (process.env.LIFEBOAT_OPS_SYNC === "off") return;
  const raw = process.env.LIFEBOAT_OPS_SYNC_INTERVAL_SECONDS ?? "60";
  const seconds = Number(raw);
  try {
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new Error(`LIFEBOAT_OPS_SYNC_INTERVAL_SECONDS must be a positive integer (got "${raw}")`);
    }
    startOpsSync({ db: getDb(), log: getLog(), upstreamFor: getUpstreamFor(), intervalMs: seconds * 1000 });
  } catch (error) {
    // A misconfigured sync must not keep the portal from serving; the dashboard then shows stale data.
    getLog().error("ops sync not started", { error: error instanceof Error ? error.message : String(error) });
  }
}
