// One sync pass over one upstream connection: groups, runs (incremental, see sync-runs.ts),
// objects, connectors and recoveries, each a "stream" whose failure is recorded in its SyncCursor
// row and does not stop the others. Every write is an upsert keyed by upstream ids, so passes are
// idempotent; rows a finished listing no longer contains (deleted upstream) are removed.
import { dateToUsecs } from "@lifeboat/contracts";
import { decryptSecret, Prisma } from "@lifeboat/db";
import { UpstreamError } from "@lifeboat/upstream";
import type { Db } from "../db.ts";
import type { UpstreamClient } from "../upstream/upstream-for.ts";
import { connectorRow, groupRow, objectRow, recoveryRow } from "./rows.ts";
import { RUN_HISTORY_DAYS, syncGroupRuns, type GroupRef } from "./sync-runs.ts";

export interface SyncBudget {
  /** Run pages (100 runs each) per connection per tick, across its groups. */
  runPages: number;
  /** Run pages per group per tick, so one busy group cannot starve the others. */
  runPagesPerGroup: number;
  /** Object pages (500 objects each) per connection per tick. */
  objectPages: number;
}

export const DEFAULT_SYNC_BUDGET: SyncBudget = { runPages: 50, runPagesPerGroup: 10, objectPages: 20 };

export interface StreamOutcome {
  stream: string;
  ok: boolean;
  error?: string;
}

export interface ConnectionSyncReport {
  connectionId: string;
  streams: StreamOutcome[];
  runsUpserted: number;
}

const MAX_ERROR = 300;
const OBJECT_PAGE = 500;
const DAY_USECS = 86_400_000_000;

/** A message fit for the ops page: status and upstream message, clipped, the API key scrubbed. */
export function syncErrorMessage(error: unknown, apiKey: string): string {
  let message =
    error instanceof UpstreamError
      ? `HTTP ${error.status}${error.code ? ` ${error.code}` : ""}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  if (apiKey) message = message.split(apiKey).join("[redacted]");
  return message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR - 1)}…` : message;
}

interface PassDeps {
  db: Db;
  client: UpstreamClient;
  connection: { id: string; apiKeyCiphertext: string };
  budget: SyncBudget;
  now: Date;
}

async function recordStream(deps: PassDeps, stream: string, work: () => Promise<void>): Promise<StreamOutcome> {
  const { db, connection, now } = deps;
  const key = { connectionId_stream: { connectionId: connection.id, stream } };
  try {
    await work();
    await db.syncCursor.upsert({
      where: key,
      create: { connectionId: connection.id, stream, lastStartedAt: now, lastOkAt: now },
      update: { lastStartedAt: now, lastOkAt: now, lastError: null, failures: 0 },
    });
    return { stream, ok: true };
  } catch (error) {
    const message = syncErrorMessage(error, decryptSecret(connection.apiKeyCiphertext));
    await db.syncCursor.upsert({
      where: key,
      create: { connectionId: connection.id, stream, lastStartedAt: now, lastError: message, lastErrorAt: now, failures: 1 },
      update: { lastStartedAt: now, lastError: message, lastErrorAt: now, failures: { increment: 1 } },
    });
    return { stream, ok: false, error: message };
  }
}

async function syncGroups(deps: PassDeps): Promise<GroupRef[]> {
  const { db, client, connection, now } = deps;
  const { protectionGroups = [] } = await client.getProtectionGroups({
    query: { includeLastRunInfo: true, pruneSourceIds: true, pruneExcludedSourceIds: true },
  });
  const refs: GroupRef[] = [];
  for (const g of protectionGroups) {
    if (!g.id || g.isDeleted) continue;
    const row = groupRow(connection.id, { ...g, id: g.id }, now);
    const { connectionId: _c, groupId: _g, ...changes } = row;
    await db.protectionGroupState.upsert({
      where: { connectionId_groupId: { connectionId: connection.id, groupId: g.id } },
      create: row,
      update: changes,
    });
    refs.push({ id: g.id, name: row.name, environment: row.environment, sla: { slaMinutes: row.slaMinutes, fullSlaMinutes: row.fullSlaMinutes } });
  }
  await db.protectionGroupState.deleteMany({ where: { connectionId: connection.id, seenAt: { lt: now } } });
  return refs;
}

/** Least recently synced groups first, within the tick's page budget. */
async function syncRuns(deps: PassDeps, groups: GroupRef[]): Promise<{ outcomes: StreamOutcome[]; runs: number }> {
  const { db, connection } = deps;
  const cursors = await db.syncCursor.findMany({
    where: { connectionId: connection.id, stream: { in: groups.map((g) => `runs:${g.id}`) } },
    select: { stream: true, lastStartedAt: true },
  });
  const last = new Map(cursors.map((c) => [c.stream, c.lastStartedAt?.getTime() ?? 0]));
  const ordered = [...groups].sort((a, b) => (last.get(`runs:${a.id}`) ?? 0) - (last.get(`runs:${b.id}`) ?? 0));
  let budget = deps.budget.runPages;
  let runs = 0;
  const outcomes: StreamOutcome[] = [];
  for (const group of ordered) {
    if (budget <= 0) break;
    let notImplemented = false;
    outcomes.push(
      await recordStream(deps, `runs:${group.id}`, async () => {
        try {
          const result = await syncGroupRuns({ db, client: deps.client, connectionId: connection.id, now: deps.now }, group, Math.min(budget, deps.budget.runPagesPerGroup));
          budget -= result.pages;
          runs += result.runs;
        } catch (error) {
          budget -= 1;
          // An upstream without the runs API (the bundled engine before its part 2) answers 501
          // for every group: one recorded error is enough, the next tick tries again.
          notImplemented = error instanceof UpstreamError && error.status === 501;
          throw error;
        }
      }),
    );
    if (notImplemented) break;
  }
  return { outcomes, runs };
}

async function syncObjects(deps: PassDeps): Promise<void> {
  const { db, client, connection, now } = deps;
  const key = { connectionId_stream: { connectionId: connection.id, stream: "objects" } };
  const saved = (await db.syncCursor.findUnique({ where: key }))?.resume as { cursor: string; passStart: string } | null | undefined;
  // A listing larger than the budget continues next tick; only a complete listing removes rows.
  const passStart = saved ? new Date(saved.passStart) : now;
  let cursor: string | null = saved?.cursor ?? null;
  for (let pages = 0; pages < deps.budget.objectPages; pages++) {
    const page = await client.searchObjectsPage({}, { cursor, limit: OBJECT_PAGE });
    for (const o of page.items) {
      if (o.id === undefined) continue;
      const row = objectRow(connection.id, { ...o, id: o.id }, now);
      const { connectionId: _c, objectId: _o, ...changes } = row;
      await db.protectedObjectState.upsert({
        where: { connectionId_objectId: { connectionId: connection.id, objectId: row.objectId } },
        create: row,
        update: changes,
      });
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  if (cursor) {
    await db.syncCursor.upsert({
      where: key,
      create: { connectionId: connection.id, stream: "objects", resume: { cursor, passStart: passStart.toISOString() } },
      update: { resume: { cursor, passStart: passStart.toISOString() } },
    });
    return;
  }
  await db.protectedObjectState.deleteMany({ where: { connectionId: connection.id, seenAt: { lt: passStart } } });
  await db.syncCursor.updateMany({ where: { connectionId: connection.id, stream: "objects" }, data: { resume: Prisma.DbNull } });
}

async function syncConnectors(deps: PassDeps): Promise<void> {
  const { db, client, connection, now } = deps;
  const { connectors = [] } = await client.getDataSourceConnectors({});
  for (const c of connectors) {
    if (!c.connectorId) continue;
    const row = connectorRow(connection.id, { ...c, connectorId: c.connectorId }, now);
    const { connectionId: _c, connectorId: _i, ...changes } = row;
    await db.connectorState.upsert({
      where: { connectionId_connectorId: { connectionId: connection.id, connectorId: c.connectorId } },
      create: row,
      update: changes,
    });
  }
  await db.connectorState.deleteMany({ where: { connectionId: connection.id, seenAt: { lt: now } } });
}

async function syncRecoveries(deps: PassDeps): Promise<void> {
  const { db, client, connection, now } = deps;
  const key = { connectionId_stream: { connectionId: connection.id, stream: "recoveries" } };
  const cursor = await db.syncCursor.findUnique({ where: key, select: { watermarkUsecs: true } });
  const nowUsecs = dateToUsecs(now);
  const floor = nowUsecs - RUN_HISTORY_DAYS * DAY_USECS;
  // Recoveries started in the last day are re-read: their status changes until they finish.
  const since = Math.max(floor, cursor?.watermarkUsecs != null ? Number(cursor.watermarkUsecs) - DAY_USECS : floor);
  const { recoveries = [] } = await client.getRecoveries({ query: { startTimeUsecs: since, endTimeUsecs: nowUsecs } });
  for (const r of recoveries) {
    if (!r.id) continue;
    const row = recoveryRow(connection.id, { ...r, id: r.id });
    const { connectionId: _c, recoveryId: _r, ...changes } = row;
    await db.recoverySummary.upsert({
      where: { connectionId_recoveryId: { connectionId: connection.id, recoveryId: r.id } },
      create: row,
      update: changes,
    });
  }
  await db.syncCursor.upsert({
    where: key,
    create: { connectionId: connection.id, stream: "recoveries", watermarkUsecs: BigInt(nowUsecs) },
    update: { watermarkUsecs: BigInt(nowUsecs) },
  });
}

export async function syncConnection(deps: PassDeps): Promise<ConnectionSyncReport> {
  const streams: StreamOutcome[] = [];
  let groups: GroupRef[] = [];
  streams.push(await recordStream(deps, "groups", async () => void (groups = await syncGroups(deps))));
  const runs = await syncRuns(deps, groups);
  streams.push(...runs.outcomes);
  streams.push(await recordStream(deps, "objects", () => syncObjects(deps)));
  streams.push(await recordStream(deps, "connectors", () => syncConnectors(deps)));
  streams.push(await recordStream(deps, "recoveries", () => syncRecoveries(deps)));
  return { connectionId: deps.connection.id, streams, runsUpserted: runs.runs };
}
