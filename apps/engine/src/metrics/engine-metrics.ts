// The engine's Prometheus metrics (GET /metrics): runs, durations, bytes, the task queue and agents,
// read from the engine database when scraped (every engine process on it answers the same), plus
// this process's HTTP request latencies and server errors. `tenant` labels the tenant; a scrape with
// a tenant's IAM token sees only that tenant's rows, one with LIFEBOAT_METRICS_TOKEN every tenant.
import { CALL_DURATION_BUCKETS_SECONDS, Counter, Histogram, Registry, RUN_DURATION_BUCKETS_SECONDS, storedCounter, storedGauge, StoredHistogram } from "@lifeboat/metrics";
import type { FastifyInstance } from "fastify";
import { Prisma } from "../generated/prisma/client.ts";
import type { EngineDb } from "../db.ts";

const FINAL = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Skipped", "Missed"];
const RUNNING = ["Accepted", "Running", "Canceling", "Finalizing", "OnHold", "Paused"];
/** DataTask states before an agent has finished it (areas' task lifecycle). */
const QUEUED = ["Pending", "Waiting", "Delivered", "Queued", "Running", "Paused"];

/** This process's HTTP metrics. */
export const httpRegistry = new Registry();
const httpDuration = new Histogram({
  name: "lifeboat_http_request_duration_seconds",
  help: "Duration of the engine's HTTP requests by method, route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: CALL_DURATION_BUCKETS_SECONDS,
  registers: [httpRegistry],
});
const httpErrors = new Counter({
  name: "lifeboat_http_request_errors_total",
  help: "Engine HTTP requests answered with a server error (5xx), by route and status",
  labelNames: ["route", "status"] as const,
  registers: [httpRegistry],
});

/** Times every request by its route pattern (never the raw URL: ids would explode the labels). */
export function observeHttp(app: FastifyInstance): void {
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    const status = String(reply.statusCode);
    httpDuration.observe({ method: req.method, route, status }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc({ route, status });
  });
}

/** The stored metrics for one tenant (or all when `tenantId` is null). */
export function engineMetrics(db: EngineDb, opts: { tenantId: string | null; agentOfflineSecs: number }): Registry {
  const registry = new Registry();
  const registers = [registry];
  const tenant = (column: Prisma.Sql) => (opts.tenantId === null ? Prisma.sql`TRUE` : Prisma.sql`${column} = ${opts.tenantId}`);
  const runs = Prisma.sql`"ProtectionRun" r JOIN "ProtectionGroup" g ON g."seq" = r."groupSeq"`;

  storedCounter({
    name: "lifeboat_runs_total",
    help: "Finished protection group runs by tenant and final status",
    labelNames: ["tenant", "status"] as const,
    registers,
    read: async () =>
      (await db.$queryRaw<{ tenant: string; status: string; n: bigint }[]>`
        SELECT g."tenantId" AS tenant, r."status", count(*) AS n FROM ${runs} WHERE r."status" = ANY(${FINAL}::text[]) AND ${tenant(Prisma.sql`g."tenantId"`)} GROUP BY 1, 2`).map((r) => ({
        labels: { tenant: r.tenant, status: r.status },
        value: Number(r.n),
      })),
  });
  storedGauge({
    name: "lifeboat_runs_running",
    help: "Runs accepted or running now, by tenant",
    labelNames: ["tenant"] as const,
    registers,
    read: async () =>
      (await db.$queryRaw<{ tenant: string; n: bigint }[]>`
        SELECT g."tenantId" AS tenant, count(*) AS n FROM ${runs} WHERE r."status" = ANY(${RUNNING}::text[]) AND ${tenant(Prisma.sql`g."tenantId"`)} GROUP BY 1`).map((r) => ({
        labels: { tenant: r.tenant },
        value: Number(r.n),
      })),
  });
  new StoredHistogram({
    name: "lifeboat_run_duration_seconds",
    help: "Duration of finished runs (start to end), by tenant",
    labelNames: ["tenant"] as const,
    buckets: RUN_DURATION_BUCKETS_SECONDS,
    registers,
    read: async () => {
      const durations = Prisma.sql`
        SELECT g."tenantId" AS tenant, (r."endTimeUsecs" - r."startTimeUsecs")::float8 / 1e6 AS s FROM ${runs}
        WHERE r."endTimeUsecs" IS NOT NULL AND r."status" = ANY(${FINAL}::text[]) AND ${tenant(Prisma.sql`g."tenantId"`)}`;
      const [buckets, totals] = await Promise.all([
        db.$queryRaw<{ tenant: string; le: number; n: bigint }[]>`
          WITH d AS (${durations}) SELECT d.tenant, b.le, count(*) FILTER (WHERE d.s <= b.le) AS n
          FROM d CROSS JOIN unnest(${RUN_DURATION_BUCKETS_SECONDS}::float8[]) AS b(le) GROUP BY 1, 2`,
        db.$queryRaw<{ tenant: string; n: bigint; sum: number }[]>`WITH d AS (${durations}) SELECT tenant, count(*) AS n, sum(s)::float8 AS sum FROM d GROUP BY 1`,
      ]);
      return totals.map((t) => {
        const mine = new Map(buckets.filter((b) => b.tenant === t.tenant).map((b) => [b.le, Number(b.n)]));
        return { labels: { tenant: t.tenant }, cumulative: RUN_DURATION_BUCKETS_SECONDS.map((le) => mine.get(le) ?? 0), count: Number(t.n), sum: t.sum };
      });
    },
  });
  for (const [column, name, what] of [
    ["bytesRead", "lifeboat_backup_bytes_read_total", "read from sources"],
    ["bytesWritten", "lifeboat_backup_bytes_written_total", "written to storage"],
  ] as const) {
    storedCounter({
      name,
      help: `Bytes ${what} by backup runs (per object, as the agents reported them), by tenant`,
      labelNames: ["tenant"] as const,
      registers,
      read: async () =>
        (await db.$queryRaw<{ tenant: string; n: number }[]>`
          SELECT g."tenantId" AS tenant, coalesce(sum(o.${Prisma.raw(`"${column}"`)}), 0)::float8 AS n
          FROM "RunObject" o JOIN ${runs} ON r."id" = o."runId" WHERE ${tenant(Prisma.sql`g."tenantId"`)} GROUP BY 1`).map((r) => ({ labels: { tenant: r.tenant }, value: r.n })),
    });
  }
  storedGauge({
    name: "lifeboat_task_queue_depth",
    help: "Agent tasks not finished yet, by tenant, task type and state (Pending, Waiting, Delivered, Queued, Running, Paused)",
    labelNames: ["tenant", "type", "state"] as const,
    registers,
    read: async () =>
      (await db.$queryRaw<{ tenant: string; type: string; state: string; n: bigint }[]>`
        SELECT "tenantId" AS tenant, "type", "status" AS state, count(*) AS n FROM "DataTask"
        WHERE "status" = ANY(${QUEUED}::text[]) AND ${tenant(Prisma.sql`"tenantId"`)} GROUP BY 1, 2, 3`).map((r) => ({
        labels: { tenant: r.tenant, type: r.type, state: r.state },
        value: Number(r.n),
      })),
  });
  storedGauge({
    name: "lifeboat_agents",
    help: "Agents (connectors) by tenant and state: connected (heartbeat within ENGINE_AGENT_OFFLINE_SECS) or disconnected",
    labelNames: ["tenant", "state"] as const,
    registers,
    read: async () =>
      (await db.$queryRaw<{ tenant: string; connected: boolean; n: bigint }[]>`
        SELECT "tenantId" AS tenant, "lastHeartbeatAt" > now() - make_interval(secs => ${opts.agentOfflineSecs}) AS connected, count(*) AS n
        FROM "Connector" WHERE ${tenant(Prisma.sql`"tenantId"`)} GROUP BY 1, 2`).map((r) => ({
        labels: { tenant: r.tenant, state: r.connected ? "connected" : "disconnected" },
        value: Number(r.n),
      })),
  });
  return Registry.merge([registry, httpRegistry]);
}
