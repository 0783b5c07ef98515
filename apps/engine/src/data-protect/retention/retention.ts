// Retention: snapshots past their expiry are expired and forgotten (a `forget` task with prune on
// the host's agent), unless on legal hold (run or snapshot) or still under DataLock.
import { nowUsecs } from "../../ids.ts";
import type { DataProtect } from "../context.ts";
import { createTask } from "../tasks/dispatch.ts";

export async function expireSnapshots(dp: DataProtect): Promise<number> {
  const now = nowUsecs();
  const due = await dp.db.snapshot.findMany({
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
  for (const s of due) {
    await dp.db.snapshot.update({ where: { id: s.id }, data: { expiredAt: new Date() } });
    const object = await dp.db.sourceObject.findUnique({ where: { id: s.objectId }, include: { registration: true } });
    const connectorId = object?.registration.connectorId;
    if (!s.resticSnapshotId || connectorId === null || connectorId === undefined) continue;
    const key = `${s.run.group.tenantId}|${connectorId}`;
    const entry = byAgent.get(key) ?? { tenantId: s.run.group.tenantId, connectorId, ids: [] };
    entry.ids.push(s.resticSnapshotId);
    byAgent.set(key, entry);
  }
  for (const e of byAgent.values()) {
    await createTask(dp, { tenantId: e.tenantId, connectorId: e.connectorId, type: "forget", params: { snapshotIds: e.ids, prune: true } });
    dp.notifier.notify(e.connectorId);
  }
  return due.length;
}
