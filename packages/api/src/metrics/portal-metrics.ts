// The portal's Prometheus metrics (/api/metrics). Figures about runs, agents and alerts are read
// from the portal database when scraped — the ops sync's copy of every upstream, so every portal
// process answers the same — plus this process's upstream call latencies and errors.
// Labels: `upstream` is the upstream connection's name, `workspace` the workspace's name.
import { Prisma } from "@lifeboat/db";
import { Registry, RUN_DURATION_BUCKETS_SECONDS, storedCounter, storedGauge, StoredHistogram } from "@lifeboat/metrics";
import type { Db } from "../db.ts";
import { FINAL_RUN_STATUSES, RUNNING_RUN_STATUSES } from "../ops/rows.ts";
import { upstreamCallRegistry } from "./upstream-calls.ts";

export function createPortalMetrics(db: Db): Registry {
  const registry = new Registry();
  const registers = [registry];
  const names = async () => new Map((await db.upstreamConnection.findMany({ select: { id: true, name: true } })).map((c) => [c.id, c.name]));

  storedCounter({
    name: "lifeboat_runs_total",
    help: "Finished protection group runs by upstream and final status (the ops sync's copy)",
    labelNames: ["upstream", "status"] as const,
    registers,
    read: async () => {
      const [n, rows] = await Promise.all([
        names(),
        db.runSummary.groupBy({ by: ["connectionId", "status"], where: { status: { in: [...FINAL_RUN_STATUSES] } }, _count: { _all: true } }),
      ]);
      return rows.map((r) => ({ labels: { upstream: n.get(r.connectionId) ?? r.connectionId, status: r.status }, value: r._count._all }));
    },
  });
  storedGauge({
    name: "lifeboat_runs_running",
    help: "Runs accepted or running now, by upstream",
    labelNames: ["upstream"] as const,
    registers,
    read: async () => {
      const [n, rows] = await Promise.all([names(), db.runSummary.groupBy({ by: ["connectionId"], where: { status: { in: [...RUNNING_RUN_STATUSES] } }, _count: { _all: true } })]);
      return rows.map((r) => ({ labels: { upstream: n.get(r.connectionId) ?? r.connectionId }, value: r._count._all }));
    },
  });
  new StoredHistogram({
    name: "lifeboat_run_duration_seconds",
    help: "Duration of finished runs (start to end), by upstream",
    labelNames: ["upstream"] as const,
    buckets: RUN_DURATION_BUCKETS_SECONDS,
    registers,
    read: async () => {
      const n = await names();
      const durations = Prisma.sql`
        SELECT "connectionId", EXTRACT(EPOCH FROM ("endedAt" - "startedAt"))::float8 AS s FROM "RunSummary"
        WHERE "endedAt" IS NOT NULL AND "startedAt" IS NOT NULL AND "status" = ANY(${[...FINAL_RUN_STATUSES]}::text[])`;
      const [buckets, totals] = await Promise.all([
        db.$queryRaw<{ connectionId: string; le: number; n: bigint }[]>`
          WITH d AS (${durations})
          SELECT d."connectionId", b.le, count(*) FILTER (WHERE d.s <= b.le) AS n
          FROM d CROSS JOIN unnest(${RUN_DURATION_BUCKETS_SECONDS}::float8[]) AS b(le) GROUP BY 1, 2`,
        db.$queryRaw<{ connectionId: string; n: bigint; sum: number }[]>`WITH d AS (${durations}) SELECT "connectionId", count(*) AS n, sum(s)::float8 AS sum FROM d GROUP BY 1`,
      ]);
      return totals.map((t) => {
        const mine = new Map(buckets.filter((b) => b.connectionId === t.connectionId).map((b) => [b.le, Number(b.n)]));
        return { labels: { upstream: n.get(t.connectionId) ?? t.connectionId }, cumulative: RUN_DURATION_BUCKETS_SECONDS.map((le) => mine.get(le) ?? 0), count: Number(t.n), sum: t.sum };
      });
    },
  });
  for (const [column, name] of [["bytesRead", "lifeboat_backup_bytes_read_total"], ["bytesWritten", "lifeboat_backup_bytes_written_total"]] as const) {
    storedCounter({
      name,
      help: `Bytes ${column === "bytesRead" ? "read from sources" : "written to storage"} by finished runs, by upstream`,
      labelNames: ["upstream"] as const,
      registers,
      read: async () => {
        const [n, rows] = await Promise.all([names(), db.runSummary.groupBy({ by: ["connectionId"], where: { status: { in: [...FINAL_RUN_STATUSES] } }, _sum: { [column]: true } })]);
        return rows.map((r) => ({ labels: { upstream: n.get(r.connectionId) ?? r.connectionId }, value: Number(r._sum[column] ?? 0) }));
      },
    });
  }
  storedGauge({
    name: "lifeboat_agents",
    help: "Data-source connectors (agents) by upstream and state (connected, disconnected)",
    labelNames: ["upstream", "state"] as const,
    registers,
    read: async () => {
      const [n, rows] = await Promise.all([names(), db.connectorState.groupBy({ by: ["connectionId", "isConnected"], _count: { _all: true } })]);
      return rows.map((r) => ({ labels: { upstream: n.get(r.connectionId) ?? r.connectionId, state: r.isConnected ? "connected" : "disconnected" }, value: r._count._all }));
    },
  });
  storedGauge({
    name: "lifeboat_alerts_open",
    help: "Open alerts by workspace and severity",
    labelNames: ["workspace", "severity"] as const,
    registers,
    read: async () => {
      const [workspaces, rows] = await Promise.all([
        db.workspace.findMany({ select: { id: true, name: true } }),
        db.alert.groupBy({ by: ["workspaceId", "severity"], where: { resolvedAt: null }, _count: { _all: true } }),
      ]);
      const ws = new Map(workspaces.map((w) => [w.id, w.name]));
      return rows.map((r) => ({ labels: { workspace: ws.get(r.workspaceId) ?? r.workspaceId, severity: r.severity }, value: r._count._all }));
    },
  });
  storedGauge({
    name: "lifeboat_alert_deliveries_pending",
    help: "Alert notifications waiting to be delivered (queued, retrying or held by quiet hours)",
    labelNames: [] as const,
    registers,
    read: async () => [{ labels: {}, value: await db.alertNotification.count({ where: { status: "pending" } }) }],
  });
  return Registry.merge([registry, upstreamCallRegistry]);
}
