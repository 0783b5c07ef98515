// The engine believes the repository, not the agent: a backup reported Succeeded is accepted only
// when the host's repository holds a snapshot whose id starts with the reported one (restic 0.14
// reports short ids) and whose tags name this run and this object. Otherwise the object fails
// with a message that says so. When the repository cannot be read right now the report is
// answered 503 and the agent delivers it again later.
import { BackupResultDataSchema, type TaskResult } from "@lifeboat/agent-protocol";
import type { EngineContext } from "../../context.ts";
import { EngineError } from "../../errors.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import { engineRestic, openRepository } from "./repositories.ts";

export function runTags(runId: bigint, objectId: bigint): string[] {
  return [`lifeboat-run-${runId}`, `lifeboat-object-${objectId}`];
}

export async function verifyBackupResult(engine: EngineContext, task: DataTask, result: TaskResult): Promise<TaskResult> {
  if (task.type !== "backup" || !task.repositoryId || task.runId === null || task.objectId === null) return result;
  if (result.status !== "Succeeded" && result.status !== "SucceededWithWarning") return result;
  const data = BackupResultDataSchema.safeParse(result.data);
  const reported = data.success ? data.data.snapshotId : "";
  const refuse = (why: string): TaskResult => ({ status: "Failed", message: why, warnings: result.warnings });
  if (!data.success || !/^[0-9a-f]{8,64}$/.test(reported)) {
    return refuse(`the agent reported a backup without a valid snapshot id (${JSON.stringify(reported.slice(0, 80))}); the backup is not accepted`);
  }
  const row = await engine.db.repository.findUnique({ where: { id: task.repositoryId } });
  if (!row) return refuse(`repository ${task.repositoryId} of this host no longer exists`);
  let snapshots;
  try {
    snapshots = await engineRestic(engine, openRepository(engine, row)).snapshots({ tags: runTags(task.runId, task.objectId) });
  } catch (err) {
    engine.log.warn({ err, repositoryId: row.id }, "could not read the host repository to verify a backup");
    throw new EngineError("ServiceUnavailable", `the engine cannot read the host's repository right now to verify snapshot ${reported}; report again later`);
  }
  const found = snapshots.find((s) => s.id.startsWith(reported));
  if (!found) {
    return refuse(
      `the agent reported snapshot ${reported.slice(0, 16)}, but the host's repository has no such snapshot of run ${task.runId}; the backup is not accepted`,
    );
  }
  return { ...result, data: { ...data.data, snapshotId: found.id } };
}
