// Starting a run of a protection group: one ProtectionRun, one RunObject and one backup task per
// protected host. At most one active run per group (a transaction-scoped advisory lock on the group
// serialises concurrent starts, from the API and from the scheduler).
import { conflict, invalid, invalidField } from "../../errors.ts";
import { nowUsecs } from "../../ids.ts";
import type { ProtectionGroup, ProtectionRun } from "../../generated/prisma/client.ts";
import type { EngineContext } from "../../context.ts";
import { createTask } from "../../tasks/dispatch.ts";
import { ensureHostRepository } from "../repositories/repositories.ts";
import { backupTargets, type GroupSpec } from "../groups/group-access.ts";
import { refreshRunStatus } from "./run-status.ts";

export const ACTIVE_RUN = ["Accepted", "Running", "Paused", "Canceling"];

export interface StartRunOptions {
  runType: string;
  full: boolean;
  trigger: "kManual" | "kScheduled";
  objectIds?: bigint[];
}

export async function startRun(engine: EngineContext, group: ProtectionGroup, opts: StartRunOptions): Promise<ProtectionRun> {
  const targets = await backupTargets(engine, group.seq, group.spec as GroupSpec, opts.objectIds);
  if (opts.objectIds && targets.length !== opts.objectIds.length) {
    const known = new Set(targets.map((t) => t.objectId));
    const missing = opts.objectIds.find((id) => !known.has(id));
    throw invalidField(`objects`, `${missing} is not protected by this group`);
  }
  if (targets.length === 0) throw invalid("the group protects no object");
  // Each host backs up into its own repository (made on its first backup; null where the tenant's
  // target cannot hold host repositories, sftp: those keep the tenant's shared repository).
  const repositories = new Map<bigint, string | null>();
  for (const t of targets) {
    if (t.connectorId !== null && engine.config.hostRepositories) {
      repositories.set(t.objectId, (await ensureHostRepository(engine, group.tenantId, t.hostObjectId))?.id ?? null);
    }
  }
  const lastSnapshots = await engine.db.snapshot.findMany({
    where: { objectId: { in: targets.map((t) => t.objectId) }, run: { groupSeq: group.seq }, resticSnapshotId: { not: null }, expiredAt: null, missingAt: null },
    orderBy: { timestampUsecs: "desc" },
  });
  return engine.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7243, ${Number(group.seq)}::int)`;
    const active = await tx.protectionRun.findFirst({ where: { groupSeq: group.seq, status: { in: ACTIVE_RUN } } });
    if (active) throw conflict(`protection group ${group.name} already has an active run (${group.seq}:${active.startTimeUsecs}, ${active.status})`);
    // Run ids are `<groupSeq>:<startTimeUsecs>`: keep start times unique within the group.
    const latest = await tx.protectionRun.findFirst({ where: { groupSeq: group.seq }, orderBy: { startTimeUsecs: "desc" } });
    let start = nowUsecs();
    if (latest && latest.startTimeUsecs >= start) start = latest.startTimeUsecs + 1n;
    const run = await tx.protectionRun.create({
      data: { groupSeq: group.seq, runType: opts.runType, status: "Accepted", startTimeUsecs: start, isFull: opts.full, trigger: opts.trigger },
    });
    for (const t of targets) {
      if (t.connectorId === null) {
        await tx.runObject.create({
          data: { runId: run.id, objectId: t.objectId, status: "Failed", message: `no agent is registered on host ${t.name}`, startTimeUsecs: start, endTimeUsecs: start, warnings: [] },
        });
        continue;
      }
      const repositoryId = repositories.get(t.objectId) ?? null;
      // The parent must live in the repository the backup writes to.
      const parent = lastSnapshots.find((s) => s.objectId === t.objectId && s.repositoryId === repositoryId)?.resticSnapshotId ?? undefined;
      const task = await createTask(
        engine,
        {
          tenantId: group.tenantId,
          connectorId: t.connectorId,
          type: "backup",
          runId: run.id,
          objectId: t.objectId,
          repositoryId,
          params: {
            runId: `${group.seq}:${start}`,
            objectId: Number(t.objectId),
            paths: t.paths,
            excludes: t.excludes,
            tags: [`lifeboat-group-${group.seq}`, `lifeboat-run-${run.id}`, `lifeboat-object-${t.objectId}`],
            host: t.hostName,
            full: opts.full,
            ...(parent && !opts.full ? { parentSnapshotId: parent } : {}),
          },
        },
        tx,
      );
      await tx.runObject.create({ data: { runId: run.id, objectId: t.objectId, taskId: task.id, status: "Accepted", warnings: [] } });
    }
    return run;
  }).then(async (run) => {
    for (const t of targets) if (t.connectorId !== null) engine.notifier.notify(t.connectorId);
    await refreshRunStatus(engine, run.id);
    return run;
  });
}
