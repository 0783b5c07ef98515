// What the engine does on a host repository with restic directly on the storage — never through
// the gateway, never on an agent — each as a pg-boss job under the repository's lock (a PostgreSQL
// advisory lock across engine processes, plus restic's own exclusive lock on the storage):
// - forget: the snapshots retention expired (and nothing else: legal hold and DataLock are checked
//   again here, where the data is), then prune;
// - check: `restic check` with the configured --read-data-subset; the result is kept on the row;
// - repair: after a task found data missing from the storage, `rebuild-index` (drops what is gone,
//   so the next backup uploads those blobs again from the host's files) — agents may not delete
//   index files through the gateway, so this is the engine's job;
// - reconcile: the engine's snapshots against the repository's: adopt a snapshot whose tags name a
//   run of this engine that has none (a backup that finished while the engine was away), list the
//   others as orphans (never deleted), mark snapshots gone from storage as missing (unrestorable).
import { ResticError, type Snapshot as ResticSnapshot } from "@lifeboat/restic";
import type { EngineContext } from "../../context.ts";
import type { Repository } from "../../generated/prisma/client.ts";
import { nowUsecs } from "../../ids.ts";
import type { RepositoryJob } from "../../jobs/queue.ts";
import { onBackupResult } from "../runs/backup-reports.ts";
import { forgetSnapshotIndexes } from "../search/index-paths.ts";
import { engineRestic, openRepository } from "./repositories.ts";

/** Advisory lock namespace of repository jobs (7243: group runs, 7244: sweeps). */
const REPOSITORY_LOCK_NAMESPACE = 7245;
/** A prune or a full check of a large repository may run long. */
const JOB_TIMEOUT_MS = 6 * 3600_000;
const MAX_ORPHANS = 1000;
/** How long a job waits for the repository's lock before pg-boss tries it again later. */
const LOCK_WAIT_MS = 15 * 60_000;

class RepositoryBusy extends Error {}

function isLockTimeout(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /55P03|lock timeout|canceling statement due to lock timeout/i.test(text);
}

export async function runRepositoryJob(engine: EngineContext, job: RepositoryJob): Promise<void> {
  const row = await engine.db.repository.findUnique({ where: { id: job.repositoryId } });
  if (!row || !row.initializedAt) return;
  const ran = await engine.db.$transaction(
    async (tx) => {
      // Waits (bounded) for another job on the same repository — in this or another engine process.
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_WAIT_MS}ms'`);
      try {
        // The result is void: $executeRaw, as $queryRaw cannot deserialize a void column.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REPOSITORY_LOCK_NAMESPACE}::int, hashtext(${row.id}::text))`;
      } catch (err) {
        // lock_not_available: another job holds the repository past LOCK_WAIT_MS; anything else is a fault.
        if (isLockTimeout(err)) return false;
        throw err;
      }
      if (job.action === "forget") await forgetExpired(engine, row);
      else if (job.action === "check") await checkRepository(engine, row);
      else if (job.action === "repair") await repairRepository(engine, row);
      else await reconcileRepository(engine, row);
      return true;
    },
    { maxWait: 30_000, timeout: JOB_TIMEOUT_MS },
  );
  // pg-boss retries the job later (spaced out) while another job holds the repository.
  if (!ran) throw new RepositoryBusy(`repository ${row.id} is busy with another job`);
}

/** restic locks left by a killed process (an agent's crashed backup) would block forget and check. */
async function unlockStale(engine: EngineContext, row: Repository) {
  await engineRestic(engine, openRepository(engine, row))
    .unlock()
    .catch((err: unknown) => engine.log.warn({ err, repositoryId: row.id }, "restic unlock failed"));
}

export async function forgetExpired(engine: EngineContext, row: Repository): Promise<number> {
  const now = nowUsecs();
  const due = await engine.db.snapshot.findMany({
    where: { repositoryId: row.id, expiredAt: { not: null }, forgottenAt: null, resticSnapshotId: { not: null } },
    include: { run: true },
    take: 1000,
  });
  // Where the data is, the promises are checked once more: a snapshot on legal hold or under
  // DataLock is never forgotten, whatever marked it expired.
  const allowed = due.filter((s) => !s.onLegalHold && !s.run.onLegalHold && (s.dataLockUntilUsecs === null || s.dataLockUntilUsecs <= now));
  for (const s of due) if (!allowed.includes(s)) engine.log.warn({ snapshotId: s.id.toString() }, "expired snapshot kept: legal hold or DataLock");
  if (allowed.length === 0) return 0;
  await unlockStale(engine, row);
  const restic = engineRestic(engine, openRepository(engine, row));
  await restic.forget({ snapshotIds: allowed.map((s) => s.resticSnapshotId!) }, { prune: true });
  const ids = allowed.map((s) => s.id);
  await engine.db.snapshot.updateMany({ where: { id: { in: ids } }, data: { forgottenAt: new Date() } });
  await forgetSnapshotIndexes(engine.db, ids);
  engine.log.info({ repositoryId: row.id, forgotten: ids.length }, "forgot expired snapshots and pruned the host repository");
  return ids.length;
}

export async function checkRepository(engine: EngineContext, row: Repository): Promise<void> {
  const subset = engine.config.checkReadDataSubset;
  await engine.db.repository.update({ where: { id: row.id }, data: { checkRequestedAt: null, checkStatus: "Running" } });
  let status: "Passed" | "Failed" | "Error";
  let message: string;
  try {
    await unlockStale(engine, row);
    const result = await engineRestic(engine, openRepository(engine, row)).check(subset ? { readDataSubset: subset } : {});
    status = result.ok ? "Passed" : "Failed";
    message = result.ok
      ? `no errors were found${result.unreferencedPacks ? ` (${result.unreferencedPacks} unreferenced pack(s), removed by the next prune)` : ""}`
      : result.problems.length > 0 ? result.problems.join("\n") : result.output.slice(-4000);
  } catch (err) {
    status = "Error";
    message = err instanceof ResticError ? `restic check could not run (${err.code}): ${err.message}` : `restic check could not run: ${(err as Error).message}`;
  }
  await engine.db.repository.update({
    where: { id: row.id },
    data: { checkStatus: status, checkMessage: message.slice(0, 8000), checkAt: new Date(), checkReadDataSubset: subset || null },
  });
  engine.log[status === "Passed" ? "info" : "warn"]({ repositoryId: row.id, status }, "host repository checked");
}

/** restic's message when a pack file the index names cannot be read (deleted or lost on the storage). */
export function missingRepositoryData(message: string | undefined): boolean {
  return !!message && /<data\/[0-9a-f]+>/.test(message) && /no such file|not found|does not exist/i.test(message);
}

/** How long new tasks of a repository wait for its requested repair before they go out anyway. */
export const REPAIR_HOLD_MS = 10 * 60_000;

/** A task found data missing: the repository's index is rebuilt before its next task goes out. */
export async function requestRepair(engine: EngineContext, repositoryId: string, why: string): Promise<void> {
  await engine.db.repository.updateMany({ where: { id: repositoryId, repairRequestedAt: null }, data: { repairRequestedAt: new Date() } });
  engine.log.warn({ repositoryId, why: why.slice(0, 500) }, "repository data is missing: the engine rebuilds the index before the next task");
  await engine.queue.enqueueRepositoryJob({ action: "repair", repositoryId });
}

export async function repairRepository(engine: EngineContext, row: Repository): Promise<void> {
  if (!row.repairRequestedAt) return;
  await unlockStale(engine, row);
  await engineRestic(engine, openRepository(engine, row)).rebuildIndex();
  // A request that came in while this ran stays for the next job.
  await engine.db.repository.updateMany({ where: { id: row.id, repairRequestedAt: row.repairRequestedAt }, data: { repairRequestedAt: null } });
  engine.log.info({ repositoryId: row.id }, "rebuilt the host repository's index after missing data");
}

interface Orphan {
  id: string;
  time: string;
  hostname: string;
  tags: string[];
}

function tagValue(tags: string[], name: string): bigint | null {
  const t = tags.find((x) => x.startsWith(`lifeboat-${name}-`));
  const v = t?.slice(`lifeboat-${name}-`.length) ?? "";
  return /^\d{1,18}$/.test(v) ? BigInt(v) : null;
}

export async function reconcileRepository(engine: EngineContext, row: Repository): Promise<void> {
  const inRepo = await engineRestic(engine, openRepository(engine, row)).snapshots();
  const byId = new Map(inRepo.map((s) => [s.id, s]));
  const known = await engine.db.snapshot.findMany({ where: { repositoryId: row.id, forgottenAt: null }, select: { id: true, resticSnapshotId: true, missingAt: true } });
  const knownIds = new Set<string>();
  for (const s of known) {
    const full = s.resticSnapshotId ? [...byId.keys()].find((id) => id.startsWith(s.resticSnapshotId!)) : undefined;
    if (full) knownIds.add(full);
    if (!full && !s.missingAt) {
      await engine.db.snapshot.update({ where: { id: s.id }, data: { missingAt: new Date() } });
      engine.log.warn({ snapshotId: s.id.toString(), repositoryId: row.id }, "snapshot is gone from its repository: marked unrestorable");
    } else if (full && s.missingAt) {
      await engine.db.snapshot.update({ where: { id: s.id }, data: { missingAt: null } });
    }
  }
  const orphans: Orphan[] = [];
  for (const s of inRepo) {
    if (knownIds.has(s.id)) continue;
    if (await adopt(engine, row, s)) continue;
    orphans.push({ id: s.id, time: s.time.toISOString(), hostname: s.hostname, tags: s.tags });
  }
  await engine.db.repository.update({
    where: { id: row.id },
    data: { reconciledAt: new Date(), orphans: orphans.slice(0, MAX_ORPHANS) as object[] },
  });
}

/** A snapshot whose tags name a run of this host that has no snapshot for it: the run's own backup. */
async function adopt(engine: EngineContext, row: Repository, s: ResticSnapshot): Promise<boolean> {
  const runId = tagValue(s.tags, "run");
  const objectId = tagValue(s.tags, "object");
  if (runId === null || objectId === null) return false;
  const runObject = await engine.db.runObject.findUnique({ where: { runId_objectId: { runId, objectId } }, include: { run: { include: { group: true } } } });
  if (!runObject || runObject.run.group.tenantId !== row.tenantId) return false;
  const host = await engine.db.sourceObject.findUnique({ where: { id: objectId }, select: { id: true, parentId: true } });
  if (!host || (host.parentId ?? host.id) !== row.objectId) return false;
  if (await engine.db.snapshot.findFirst({ where: { runId, objectId } })) return false;
  const task = runObject.taskId === null ? null : await engine.db.dataTask.findUnique({ where: { id: runObject.taskId } });
  if (!task || task.repositoryId !== row.id) return false;
  // Only a backup the engine gave up (failed, canceled): a live task's own report is still to come
  // and carries restic's figures — adopting it first would answer that report 409 and lose them.
  if (task.status !== "Failed" && task.status !== "Canceled") return false;
  // The same path as a live report, with the figures restic keeps in the snapshot (0.14: none).
  await engine.db.dataTask.update({ where: { id: task.id }, data: { status: "Succeeded", message: "adopted from the host's repository" } });
  await onBackupResult(engine, task, {
    status: "Succeeded",
    warnings: [],
    data: { snapshotId: s.id, filesNew: 0, filesChanged: 0, filesUnmodified: 0, bytesAdded: 0, totalFilesProcessed: 0, totalBytesProcessed: 0, durationSecs: 0 },
  });
  await engine.db.runObject.update({
    where: { runId_objectId: { runId, objectId } },
    data: { message: `the backup finished while the engine was away; snapshot ${s.shortId} was adopted from the host's repository` },
  });
  await engine.db.snapshot.updateMany({ where: { runId, objectId, resticSnapshotId: s.id }, data: { adoptedAt: new Date() } });
  engine.log.info({ runId: runId.toString(), objectId: objectId.toString(), snapshot: s.shortId }, "adopted a snapshot from the host repository");
  return true;
}

/** The sweep's part: due checks and reconciles, and forgets retention left waiting, become jobs. */
export async function scheduleRepositoryJobs(engine: EngineContext): Promise<void> {
  const now = Date.now();
  const rows = await engine.db.repository.findMany({ where: { initializedAt: { not: null } } });
  for (const r of rows) {
    // A repair whose job was lost (engine restart) or failed (restic locked) is asked for again.
    if (r.repairRequestedAt) await engine.queue.enqueueRepositoryJob({ action: "repair", repositoryId: r.id });
    const checkBase = r.checkAt ?? r.initializedAt!;
    if (r.checkRequestedAt || now - checkBase.getTime() >= engine.config.checkIntervalHours * 3600_000) {
      await engine.queue.enqueueRepositoryJob({ action: "check", repositoryId: r.id });
    }
    if (!r.reconciledAt || now - r.reconciledAt.getTime() >= engine.config.reconcileIntervalSecs * 1000) {
      await engine.queue.enqueueRepositoryJob({ action: "reconcile", repositoryId: r.id });
    }
  }
  const waiting = await engine.db.snapshot.findMany({
    where: { repositoryId: { not: null }, expiredAt: { not: null }, forgottenAt: null },
    distinct: ["repositoryId"],
    select: { repositoryId: true },
  });
  for (const w of waiting) await engine.queue.enqueueRepositoryJob({ action: "forget", repositoryId: w.repositoryId! });
}
