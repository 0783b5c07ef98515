// Incremental run sync of one protection group. Each group has a SyncCursor "runs:<groupId>"
// whose watermark says "every run that started before this is stored and final". A walk reads
// newest first from now back to (watermark − overlap), also reaching back to the oldest stored run
// that was still running, so unfinished runs get their final status. A walk that runs out of page
// budget saves its page cursor and the next tick resumes it; only a finished walk moves the
// watermark. Upserts make re-reading a run harmless.
import { dateToUsecs } from "@lifeboat/contracts";
import { Prisma } from "@lifeboat/db";
import type { Db } from "../db.ts";
import type { UpstreamClient } from "../upstream/upstream-for.ts";
import { runRow, RUNNING_RUN_STATUSES, type GroupSla } from "./rows.ts";

export const RUN_HISTORY_DAYS = 30;
const DAY_USECS = 86_400_000_000;
/** Runs that started shortly before the watermark may only now be visible upstream. */
const OVERLAP_USECS = 3_600_000_000;
const PAGE_SIZE = 100;

interface Resume {
  since: number;
  cursor: string;
  walkStartUsecs: number;
}

export interface GroupRef {
  id: string;
  name: string;
  environment: string | null;
  sla: GroupSla;
}

/** Returns the number of pages read; throws the upstream error (the caller records it). */
export async function syncGroupRuns(
  deps: { db: Db; client: UpstreamClient; connectionId: string; now: Date },
  group: GroupRef,
  pageBudget: number,
): Promise<{ pages: number; runs: number; complete: boolean }> {
  const { db, client, connectionId, now } = deps;
  const stream = `runs:${group.id}`;
  const key = { connectionId_stream: { connectionId, stream } };
  const cursor = await db.syncCursor.findUnique({ where: key });
  const nowUsecs = dateToUsecs(now);
  const floor = nowUsecs - RUN_HISTORY_DAYS * DAY_USECS;
  const resume = (cursor?.resume ?? null) as Resume | null;
  let since: number;
  let pageCursor: string | null = null;
  let walkStartUsecs = nowUsecs;
  if (resume) {
    ({ since, cursor: pageCursor, walkStartUsecs } = resume);
  } else {
    since = cursor?.watermarkUsecs != null ? Number(cursor.watermarkUsecs) - OVERLAP_USECS : floor;
    const oldestOpen = await db.runSummary.findFirst({
      where: { connectionId, groupId: group.id, status: { in: [...RUNNING_RUN_STATUSES] }, startedAt: { not: null } },
      orderBy: { startedAt: "asc" },
      select: { startedAt: true },
    });
    if (oldestOpen?.startedAt) since = Math.min(since, dateToUsecs(oldestOpen.startedAt));
    since = Math.max(since, floor);
  }
  await db.syncCursor.upsert({ where: key, create: { connectionId, stream, lastStartedAt: now }, update: { lastStartedAt: now } });

  let pages = 0;
  let runs = 0;
  while (pages < pageBudget) {
    const page = await client.protectionGroupRunsPage(group.id, { startTimeUsecs: since }, { cursor: pageCursor, limit: PAGE_SIZE });
    pages += 1;
    for (const run of page.items) {
      if (!run.id) continue;
      const row = runRow(connectionId, group, run, group.sla, now.getTime());
      const { connectionId: _c, groupId: _g, runId: _r, ...changes } = row;
      await db.runSummary.upsert({
        where: { connectionId_groupId_runId: { connectionId, groupId: group.id, runId: run.id } },
        create: row,
        update: changes,
      });
      runs += 1;
    }
    pageCursor = page.nextCursor;
    if (!pageCursor) break;
  }
  const complete = pageCursor === null;
  await db.syncCursor.update({
    where: key,
    data: complete
      ? { watermarkUsecs: BigInt(walkStartUsecs), resume: Prisma.DbNull, lastOkAt: now, lastError: null, failures: 0 }
      : { resume: { since, cursor: pageCursor ?? "", walkStartUsecs } satisfies Resume, lastOkAt: now, lastError: null, failures: 0 },
  });
  return { pages, runs, complete };
}
