// Retention: snapshots past their expiry are expired and forgotten — in a host repository by the
// engine itself (a pg-boss job running restic forget --prune on the storage), in a tenant's former
// shared repository by a `forget` task with prune on the host's agent —, unless on legal hold (run or snapshot) or still under DataLock. Extended
// retention is part of a snapshot's expiry from its creation (extended.ts, backup-reports.ts), so
// an explicit delete or daysToKeep change still acts on it.
import { nowUsecs } from "../ids.ts";
import type { EngineContext } from "../context.ts";
import { createTask } from "../tasks/dispatch.ts";

/** A failed forget is tried again after this long. */
const RETRY_AFTER_MS = 30_000;

export async function expireSnapshots(engine: EngineContext): Promise<number> {
  const now = nowUsecs();
  const due = await engine.db.snapshot.findMany({
    where: {
      expiredAt: null,
      expiryTimeUsecs: { lte: now },
      onLegalHold: false,
      run: { onLegalHold: false },
      OR: [{ dataLockUntilUsecs: null }, { dataLockUntilUsecs: { lte: now } }],
    },
    include: { run: { include: { group: true } } },
    take: 500,
  });
  const byAgent = new Map<string, { tenantId: string; connectorId: bigint; ids: string[] }>();
  const hostRepositories = new Set<string>();
  let expired = 0;
  for (const s of due) {
    // Claimed by a conditional update: a snapshot is expired (and forgotten) once.
    const claimed = await engine.db.snapshot.updateMany({ where: { id: s.id, expiredAt: null }, data: { expiredAt: new Date() } });
    if (claimed.count !== 1) continue;
    expired++;
    if (s.repositoryId) {
      // A host repository: the engine forgets and prunes it itself (areas/repositories/maintenance.ts).
      hostRepositories.add(s.repositoryId);
      continue;
    }
    const object = await engine.db.sourceObject.findUnique({ where: { id: s.objectId }, include: { registration: true } });
    const connectorId = object?.registration.connectorId;
    if (!s.resticSnapshotId || connectorId === null || connectorId === undefined) continue;
    const key = `${s.run.group.tenantId}|${connectorId}`;
    const entry = byAgent.get(key) ?? { tenantId: s.run.group.tenantId, connectorId, ids: [] };
    entry.ids.push(s.resticSnapshotId);
    byAgent.set(key, entry);
  }
  for (const repositoryId of hostRepositories) await engine.queue.enqueueRepositoryJob({ action: "forget", repositoryId });
  await requeueFailedForgets(engine, byAgent);
  for (const e of byAgent.values()) {
    await createTask(engine, { tenantId: e.tenantId, connectorId: e.connectorId, type: "forget", params: { snapshotIds: e.ids, prune: true } });
    engine.notifier.notify(e.connectorId);
  }
  return expired;
}

/** Expired snapshots whose forget failed (agent offline, repository locked) are tried again. */
async function requeueFailedForgets(engine: EngineContext, byAgent: Map<string, { tenantId: string; connectorId: bigint; ids: string[] }>) {
  const failed = await engine.db.dataTask.findMany({
    where: { type: "forget", status: { in: ["Failed", "Canceled"] }, endedAt: { lt: new Date(Date.now() - RETRY_AFTER_MS) } },
    take: 50,
  });
  for (const task of failed) {
    const ids = (task.params as { snapshotIds: string[] }).snapshotIds;
    const left = await engine.db.snapshot.findMany({ where: { resticSnapshotId: { in: ids }, forgottenAt: null }, select: { resticSnapshotId: true } });
    // The failed task is retired either way so it is retried at most once per sweep.
    await engine.db.dataTask.update({ where: { id: task.id }, data: { status: "Superseded" } });
    if (left.length === 0) continue;
    const key = `${task.tenantId}|${task.connectorId}`;
    const entry = byAgent.get(key) ?? { tenantId: task.tenantId, connectorId: task.connectorId, ids: [] };
    entry.ids.push(...left.map((l) => l.resticSnapshotId!));
    byAgent.set(key, entry);
  }
}
