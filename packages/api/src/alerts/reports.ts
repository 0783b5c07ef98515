// Reports of a workspace, from the sync tables only (no upstream call): the protection report (each
// object: protected by, last success, last failure, next run, SLA status, size) and the run
// history as CSV (paged through services/run-history.ts, so any history length streams in pages).
import { stringify } from "csv-stringify/sync";
import type { Db } from "../db.ts";
import { listRunHistory, type RunHistoryFilter } from "../services/run-history.ts";

export interface ProtectionReportRow {
  objectId: string;
  name: string;
  environment: string | null;
  objectType: string | null;
  protected: boolean;
  groups: string[];
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** Estimated: the newest run's start plus the schedule interval, when both are known. */
  nextRunAt: Date | null;
  /** "met", "missed" (newest run missed its SLA), "no runs", or "unprotected". */
  slaStatus: string;
  /** Logical size of the newest successful run of its group, in bytes. */
  sizeBytes: number | null;
}

interface GroupFacts {
  groupId: string;
  name: string;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastStartedAt: Date | null;
  lastSlaViolated: boolean | null;
  lastSuccessBytes: bigint | null;
}

const maxDate = (dates: (Date | null)[]) => dates.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);

/**
 * `scheduleIntervalMs` (optional) estimates the next run from each group's newest start; without
 * it the column stays empty.
 */
export async function protectionReport(db: Db, connectionId: string, scheduleIntervalMs: Map<string, number> = new Map()): Promise<ProtectionReportRow[]> {
  const [objects, groups] = await Promise.all([
    db.protectedObjectState.findMany({ where: { connectionId }, orderBy: [{ name: "asc" }, { objectId: "asc" }], take: 50_000 }),
    db.$queryRaw<GroupFacts[]>`
      SELECT g."groupId", g."name",
        (SELECT max(COALESCE(r."endedAt", r."startedAt")) FROM "RunSummary" r WHERE r."connectionId" = g."connectionId" AND r."groupId" = g."groupId" AND r."status" IN ('Succeeded', 'SucceededWithWarning')) AS "lastSuccessAt",
        (SELECT max(COALESCE(r."endedAt", r."startedAt")) FROM "RunSummary" r WHERE r."connectionId" = g."connectionId" AND r."groupId" = g."groupId" AND r."status" IN ('Failed', 'Missed')) AS "lastFailureAt",
        latest."startedAt" AS "lastStartedAt", latest."slaViolated" AS "lastSlaViolated",
        (SELECT r."logicalBytes" FROM "RunSummary" r WHERE r."connectionId" = g."connectionId" AND r."groupId" = g."groupId" AND r."status" IN ('Succeeded', 'SucceededWithWarning') ORDER BY r."startedAt" DESC NULLS LAST LIMIT 1) AS "lastSuccessBytes"
      FROM "ProtectionGroupState" g
      LEFT JOIN LATERAL (
        SELECT r."startedAt", r."slaViolated" FROM "RunSummary" r
        WHERE r."connectionId" = g."connectionId" AND r."groupId" = g."groupId" AND r."status" NOT IN ('Canceled', 'Skipped')
        ORDER BY r."startedAt" DESC NULLS LAST LIMIT 1
      ) latest ON TRUE
      WHERE g."connectionId" = ${connectionId}`,
  ]);
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  return objects.map((o) => {
    const mine = o.groupIds.map((id) => byId.get(id)).filter((g): g is GroupFacts => !!g);
    const next = mine
      .map((g) => (g.lastStartedAt && scheduleIntervalMs.get(g.groupId) ? new Date(g.lastStartedAt.getTime() + scheduleIntervalMs.get(g.groupId)!) : null))
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const newest = mine.filter((g) => g.lastSuccessBytes !== null).sort((a, b) => (b.lastSuccessAt?.getTime() ?? 0) - (a.lastSuccessAt?.getTime() ?? 0))[0];
    const sla = !o.isProtected ? "unprotected" : mine.some((g) => g.lastSlaViolated) ? "missed" : mine.some((g) => g.lastSlaViolated === false) ? "met" : "no runs";
    return {
      objectId: o.objectId,
      name: o.name,
      environment: o.environment,
      objectType: o.objectType,
      protected: o.isProtected,
      groups: mine.map((g) => g.name),
      lastSuccessAt: maxDate(mine.map((g) => g.lastSuccessAt)),
      lastFailureAt: maxDate(mine.map((g) => g.lastFailureAt)),
      nextRunAt: next ?? null,
      slaStatus: sla,
      sizeBytes: newest?.lastSuccessBytes !== null && newest?.lastSuccessBytes !== undefined ? Number(newest.lastSuccessBytes) : null,
    };
  });
}

const iso = (d: Date | null) => (d ? d.toISOString() : "");

export const PROTECTION_CSV_COLUMNS = ["object_id", "name", "environment", "type", "protected", "groups", "last_success", "last_failure", "next_run", "sla_status", "size_bytes"];

export function protectionReportCsv(rows: ProtectionReportRow[]): string {
  return stringify(
    rows.map((r) => [r.objectId, r.name, r.environment ?? "", r.objectType ?? "", r.protected, r.groups.join("; "), iso(r.lastSuccessAt), iso(r.lastFailureAt), iso(r.nextRunAt), r.slaStatus, r.sizeBytes ?? ""]),
    { header: true, columns: PROTECTION_CSV_COLUMNS, cast: { boolean: (b) => (b ? "true" : "false") } },
  );
}

export const RUNS_CSV_COLUMNS = ["group_id", "group", "run_id", "status", "run_type", "started", "ended", "duration_seconds", "bytes_read", "bytes_written", "logical_bytes", "sla_violated"];
/** Rows per history page while streaming the CSV. */
const RUNS_PAGE = 200;
/** Upper bound of one export (a year of 15-minute runs of 15 groups). */
export const MAX_RUNS_EXPORT = 500_000;

/** The run history (newest first) as a CSV stream, read page by page. */
export function runHistoryCsv(db: Db, connectionId: string, filter: RunHistoryFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null | undefined;
  let header = true;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode(stringify([RUNS_CSV_COLUMNS])));
        return;
      }
      const page = await listRunHistory(db, { connectionId, filter, sort: "startedAt", direction: "desc", cursor, limit: RUNS_PAGE });
      const rows = page.items.map((r) => [
        r.groupId,
        r.groupName,
        r.runId,
        r.status,
        r.runType ?? "",
        iso(r.startedAt),
        iso(r.endedAt),
        r.durationMs === null ? "" : (r.durationMs / 1000).toFixed(1),
        r.bytesRead,
        r.bytesWritten,
        r.logicalBytes,
        r.slaViolated ? "true" : "false",
      ]);
      if (rows.length > 0) controller.enqueue(encoder.encode(stringify(rows)));
      sent += rows.length;
      cursor = page.nextCursor;
      if (!cursor || sent >= MAX_RUNS_EXPORT) controller.close();
    },
  });
}
