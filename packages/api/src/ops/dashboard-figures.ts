// Dashboard figures over a set of upstream connections, from the sync tables only (never the
// upstream): a page view costs a handful of indexed queries whatever the run history holds.
import type { Db } from "../db.ts";
import { FAILED_RUN_STATUSES, RUNNING_RUN_STATUSES } from "./rows.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const LIST_LIMIT = 50;

type Counts = Record<string, number>;

function countBy(rows: { status: string; _count: { _all: number } }[]): Counts {
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

/** Numeric compare of dotted versions ("1.10.0" > "1.9.3"); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").split(/[.+-]/);
  const pb = b.replace(/^v/, "").split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export async function dashboardSummary(db: Db, connectionIds: string[], now = new Date()) {
  const conn = { connectionId: { in: connectionIds } };
  const since24h = new Date(now.getTime() - DAY_MS);
  const since7d = new Date(now.getTime() - 7 * DAY_MS);
  const since30d = new Date(now.getTime() - 30 * DAY_MS);

  const [objects, runs24h, runs7d, sla24h, sla7d, running, bytes7d, bytes30d, groups, connectors, recoveries24h, cursors] = await Promise.all([
    db.protectedObjectState.groupBy({ by: ["isProtected"], where: conn, _count: { _all: true } }),
    db.runSummary.groupBy({ by: ["status"], where: { ...conn, startedAt: { gte: since24h } }, _count: { _all: true } }),
    db.runSummary.groupBy({ by: ["status"], where: { ...conn, startedAt: { gte: since7d } }, _count: { _all: true } }),
    db.runSummary.count({ where: { ...conn, startedAt: { gte: since24h }, slaViolated: true } }),
    db.runSummary.count({ where: { ...conn, startedAt: { gte: since7d }, slaViolated: true } }),
    db.runSummary.findMany({
      where: { ...conn, status: { in: [...RUNNING_RUN_STATUSES] } },
      orderBy: { startedAt: "asc" },
      take: LIST_LIMIT,
      select: { connectionId: true, groupId: true, groupName: true, runId: true, status: true, startedAt: true },
    }),
    db.runSummary.aggregate({ where: { ...conn, startedAt: { gte: since7d } }, _sum: { bytesRead: true, bytesWritten: true } }),
    db.runSummary.aggregate({ where: { ...conn, startedAt: { gte: since30d } }, _sum: { bytesRead: true, bytesWritten: true } }),
    db.protectionGroupState.findMany({
      where: conn,
      select: { connectionId: true, groupId: true, name: true, isActive: true, isPaused: true, lastRunStatus: true, lastRunStartedAt: true, lastRunEndedAt: true },
    }),
    db.connectorState.findMany({
      where: conn,
      select: { connectionId: true, connectorId: true, name: true, isConnected: true, lastConnectedAt: true, softwareVersion: true, upgradeStatus: true },
    }),
    db.recoverySummary.groupBy({ by: ["status"], where: { ...conn, startedAt: { gte: since24h } }, _count: { _all: true } }),
    db.syncCursor.findMany({ where: { ...conn, stream: { in: ["groups", "objects", "connectors", "recoveries"] } }, select: { connectionId: true, stream: true, lastOkAt: true, lastError: true, lastErrorAt: true } }),
  ]);

  // Latest run per group from the run table (a group's own lastRun is the fallback when the
  // upstream does not list runs).
  const latestRuns = await db.runSummary.findMany({
    where: { ...conn, startedAt: { not: null } },
    distinct: ["connectionId", "groupId"],
    orderBy: [{ connectionId: "asc" }, { groupId: "asc" }, { startedAt: "desc" }],
    select: { connectionId: true, groupId: true, status: true, startedAt: true, endedAt: true },
  });
  const latest = new Map(latestRuns.map((r) => [`${r.connectionId}/${r.groupId}`, r]));
  const failingGroups: { connectionId: string; groupId: string; name: string; lastRunStatus: string; lastRunAt: Date | null }[] = [];
  const notRun: { connectionId: string; groupId: string; name: string; lastRunAt: Date | null }[] = [];
  for (const g of groups) {
    const run = latest.get(`${g.connectionId}/${g.groupId}`);
    const status = run?.status ?? g.lastRunStatus;
    const startedAt = run?.startedAt ?? g.lastRunStartedAt;
    if (status && (FAILED_RUN_STATUSES as readonly string[]).includes(status)) {
      failingGroups.push({ connectionId: g.connectionId, groupId: g.groupId, name: g.name, lastRunStatus: status, lastRunAt: startedAt });
    }
    // An active, unpaused group without a run started in the last 24 h missed its daily SLA.
    if (g.isActive && !g.isPaused && (!startedAt || startedAt < since24h)) {
      notRun.push({ connectionId: g.connectionId, groupId: g.groupId, name: g.name, lastRunAt: startedAt });
    }
  }

  const newest = new Map<string, string>();
  for (const c of connectors) {
    const top = newest.get(c.connectionId);
    if (c.softwareVersion && (!top || compareVersions(c.softwareVersion, top) > 0)) newest.set(c.connectionId, c.softwareVersion);
  }
  const upgradable = connectors
    .filter((c) => {
      const top = newest.get(c.connectionId);
      return c.softwareVersion && top && c.upgradeStatus !== "InProgress" && compareVersions(c.softwareVersion, top) < 0;
    })
    .map((c) => ({ connectionId: c.connectionId, connectorId: c.connectorId, name: c.name, softwareVersion: c.softwareVersion!, latestVersion: newest.get(c.connectionId)! }));
  const disconnected = connectors
    .filter((c) => !c.isConnected)
    .map((c) => ({ connectionId: c.connectionId, connectorId: c.connectorId, name: c.name, lastConnectedAt: c.lastConnectedAt }));

  const protectedCount = objects.find((o) => o.isProtected)?._count._all ?? 0;
  const unprotectedCount = objects.find((o) => !o.isProtected)?._count._all ?? 0;
  const recoveries = countBy(recoveries24h);
  return {
    generatedAt: now,
    objects: { protected: protectedCount, unprotected: unprotectedCount, total: protectedCount + unprotectedCount },
    runs: { last24h: countBy(runs24h), last7d: countBy(runs7d) },
    sla: { missedRuns24h: sla24h, missedRuns7d: sla7d, groupsNotRun24h: notRun.slice(0, LIST_LIMIT), groupsNotRun24hCount: notRun.length },
    failingGroups: failingGroups.slice(0, LIST_LIMIT),
    failingGroupsCount: failingGroups.length,
    runningNow: running,
    storage: {
      bytesRead7d: Number(bytes7d._sum.bytesRead ?? 0n),
      bytesWritten7d: Number(bytes7d._sum.bytesWritten ?? 0n),
      bytesRead30d: Number(bytes30d._sum.bytesRead ?? 0n),
      bytesWritten30d: Number(bytes30d._sum.bytesWritten ?? 0n),
    },
    connectors: { total: connectors.length, connected: connectors.length - disconnected.length, disconnected },
    agentsUpgradable: upgradable,
    recoveries24h: { total: Object.values(recoveries).reduce((a, b) => a + b, 0), byStatus: recoveries },
    sync: cursors.map((c) => ({ connectionId: c.connectionId, stream: c.stream, lastOkAt: c.lastOkAt, lastError: c.lastError, lastErrorAt: c.lastErrorAt })),
  };
}

export interface SeriesDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  runsByStatus: Counts;
  bytesWritten: number;
  bytesRead: number;
}

/** Runs by status per UTC day and data protected (bytes written) per day, oldest day first. */
export async function dashboardSeries(db: Db, connectionIds: string[], days: number, now = new Date()): Promise<SeriesDay[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const rows = connectionIds.length
    ? await db.$queryRaw<{ day: string; status: string; runs: bigint; written: bigint | null; read: bigint | null }[]>`
        -- "startedAt" is timestamp(3) holding UTC (Prisma's convention), so its day is the UTC day.
        SELECT to_char(date_trunc('day', "startedAt"), 'YYYY-MM-DD') AS day, "status",
               count(*) AS runs, sum("bytesWritten") AS written, sum("bytesRead") AS read
        FROM "RunSummary"
        WHERE "connectionId" = ANY(${connectionIds}) AND "startedAt" >= (${from.toISOString()}::timestamptz AT TIME ZONE 'UTC')
        GROUP BY 1, 2`
    : [];
  const series: SeriesDay[] = [];
  const byDay = new Map<string, SeriesDay>();
  for (let i = 0; i < days; i++) {
    const day = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    const entry = { day, runsByStatus: {}, bytesWritten: 0, bytesRead: 0 };
    series.push(entry);
    byDay.set(day, entry);
  }
  for (const r of rows) {
    const entry = byDay.get(r.day);
    if (!entry) continue;
    entry.runsByStatus[r.status] = Number(r.runs);
    entry.bytesWritten += Number(r.written ?? 0n);
    entry.bytesRead += Number(r.read ?? 0n);
  }
  return series;
}
