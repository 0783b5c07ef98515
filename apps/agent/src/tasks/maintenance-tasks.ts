// Retention (forget, optionally prune) and verification (check). Both need restic's exclusive
// lock: the task manager never runs them beside another task on the same repository.
import type { TaskResult } from "@lifeboat/agent-protocol";
import type { CheckCommand, ForgetCommand, TaskContext } from "./types.ts";

export async function runForget(cmd: ForgetCommand, ctx: TaskContext): Promise<TaskResult> {
  await unlockIfCrashed(ctx);
  ctx.progress({ percentDone: 0, bytesDone: 0, filesDone: 0, totalFiles: cmd.snapshotIds.length });
  const result = await ctx.restic.forget({ snapshotIds: cmd.snapshotIds }, { prune: cmd.prune });
  ctx.progress({ percentDone: 100, bytesDone: 0, filesDone: result.removed.length, totalFiles: cmd.snapshotIds.length });
  // A snapshot that is already gone is what forget wanted: a warning, not a failure.
  const warnings = result.notFound.map((id) => ({ message: `snapshot ${id} was not in the repository` }));
  return {
    status: warnings.length ? "SucceededWithWarning" : "Succeeded",
    message: `forgot ${result.removed.length} snapshot(s)${cmd.prune ? " and pruned unreferenced data" : ""}`,
    warnings,
    data: { removed: result.removed, notFound: result.notFound, pruned: cmd.prune },
  };
}

export async function runCheck(cmd: CheckCommand, ctx: TaskContext): Promise<TaskResult> {
  await unlockIfCrashed(ctx);
  ctx.progress({ percentDone: 0, bytesDone: 0, filesDone: 0 });
  const result = await ctx.restic.check(cmd.readDataSubset ? { readDataSubset: cmd.readDataSubset } : {});
  ctx.progress({ percentDone: 100, bytesDone: 0, filesDone: 0 });
  const data = { ok: result.ok, unreferencedPacks: result.unreferencedPacks, output: result.output.slice(-4000) };
  if (!result.ok) return { status: "Failed", message: "restic check found errors in the repository", warnings: [], data };
  return { status: "Succeeded", message: "no errors were found", warnings: [], data };
}

/** A stale lock left by a crashed run would make these exclusive commands fail. */
async function unlockIfCrashed(ctx: TaskContext) {
  if (await ctx.repair.needed()) await ctx.restic.unlock();
}
