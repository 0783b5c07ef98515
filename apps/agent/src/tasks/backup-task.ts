// backup: restic backup of the command's paths into the tenant's repository, with live progress,
// real pause/resume (SIGSTOP/SIGCONT of restic) and cancel (SIGINT: restic removes its lock and
// writes no snapshot, so the repository stays consistent).
import { BackupResultDataSchema, type TaskResult } from "@lifeboat/agent-protocol";
import { ResticError, type BackupSummary } from "@lifeboat/restic";
import { checkPaths } from "./path-check.ts";
import type { BackupCommand, TaskContext } from "./types.ts";

/** Warnings listed per file; beyond this the message says how many more there were. */
const MAX_WARNINGS = 1000;

export async function runBackup(cmd: BackupCommand, ctx: TaskContext): Promise<TaskResult> {
  const { restic } = ctx;
  // Preflight (issue 12 item 5): a path that is gone or unreadable fails the object at once with the
  // path in the message, and retrying cannot fix it, so the engine does not retry; a path whose
  // check did not answer in time (a hung mount) is a failure worth retrying.
  const { checks, problems } = await checkPaths(cmd.paths, ctx.fs);
  if (problems.length > 0) {
    const transient = checks.some((c) => c.problem && c.transient);
    return { status: "Failed", message: `cannot back up: ${problems.join("; ")}`, warnings: [], retryable: transient };
  }
  const created = await restic.init();
  if (created.created) ctx.log.info(`task ${cmd.taskId}: initialised a new restic repository`);
  // Behind the engine's gateway the agent may only remove locks: rebuilding the index (which
  // deletes index files) is the engine's job there, so only the stale lock is cleared.
  const repaired = await repairAfterCrash(ctx, cmd.taskId, 2000, cmd.repository.config.kind === "rest" ? "unlock-only" : "full");

  const handle = restic.backup(
    cmd.paths,
    {
      tags: cmd.tags,
      excludes: cmd.excludes,
      host: cmd.host,
      force: cmd.full,
      parent: cmd.parentSnapshotId,
      signal: ctx.signal,
    },
    (p) =>
      ctx.progress({
        percentDone: Math.round(p.percentDone * 1000) / 10,
        bytesDone: p.bytesDone,
        totalBytes: p.totalBytes,
        filesDone: p.filesDone,
        totalFiles: p.totalFiles,
        ...(p.secondsRemaining === undefined ? {} : { secondsRemaining: Math.max(0, Math.round(p.secondsRemaining)) }),
      }),
  );
  ctx.setPauseControl({ pause: () => handle.pause(), resume: () => handle.resume() });
  let summary: BackupSummary;
  try {
    summary = await handle.done;
  } finally {
    ctx.setPauseControl(null);
  }
  ctx.progress({
    percentDone: 100,
    bytesDone: summary.totalBytesProcessed,
    totalBytes: summary.totalBytesProcessed,
    filesDone: summary.totalFilesProcessed,
    totalFiles: summary.totalFilesProcessed,
    secondsRemaining: 0,
  });
  const data = BackupResultDataSchema.parse({
    snapshotId: summary.snapshotId,
    filesNew: summary.filesNew,
    filesChanged: summary.filesChanged,
    filesUnmodified: summary.filesUnmodified,
    dirsNew: summary.dirsNew,
    bytesAdded: summary.bytesAdded,
    totalFilesProcessed: summary.totalFilesProcessed,
    totalBytesProcessed: summary.totalBytesProcessed,
    durationSecs: summary.durationSeconds,
  });
  // After a repair restic 0.14 re-reads each unchanged file whose data the rebuilt index lacks and
  // reports it as an "archival" error without a message; the file is read and stored in full.
  const reread = repaired ? summary.warnings.filter((w) => w.during === "archival" && w.message === "error") : [];
  const warnings = summary.warnings.filter((w) => !reread.includes(w));
  const note = reread.length > 0 ? `${reread.length} file(s) whose repository data was missing were read and stored again` : undefined;
  if (warnings.length === 0) return { status: "Succeeded", ...(note ? { message: note } : {}), warnings: [], data };
  // Unreadable files do not fail the run: the snapshot exists without them (issue 5).
  const listed = warnings.slice(0, MAX_WARNINGS);
  const more = warnings.length - listed.length;
  return {
    status: "SucceededWithWarning",
    message: `${warnings.length} file(s) could not be read and are not in snapshot ${summary.snapshotId.slice(0, 8)}${more > 0 ? ` (${more} not listed)` : ""}${note ? `; ${note}` : ""}`,
    warnings: listed.map((w) => ({ path: w.item, message: `${w.during}: ${w.message}` })),
    data,
  };
}

/**
 * After a crash restic 0.14 leaves a stale lock and packs no index references; `unlock` removes
 * the lock (only stale ones: a live backup of another host keeps its lock) and `rebuild-index`
 * indexes the orphaned packs so this backup reuses what the dead one uploaded. A failed repair
 * is not fatal for a backup: it then uploads that data again.
 */
export async function repairAfterCrash(ctx: TaskContext, taskId: string, retryDelayMs = 2000, mode: "full" | "unlock-only" = "full"): Promise<boolean> {
  if (!(await ctx.repair.needed())) return false;
  ctx.log.info(`task ${taskId}: repository was in use when the agent stopped; ${mode === "full" ? "unlocking and rebuilding its index" : "removing the stale lock"}`);
  // The killed restic's lock turns stale only once its process is gone from the process table:
  // right after a crash it may still be a zombie waiting to be reaped, and `unlock` keeps its lock.
  // A few tries, a couple of seconds apart, outlast that; a lock that stays is a live process
  // (another host's backup) and the backup goes on without the repair.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.restic.unlock();
      if (mode === "full") await ctx.restic.rebuildIndex();
      await ctx.repair.done();
      return true;
    } catch (error) {
      if (error instanceof ResticError && error.code === "locked" && attempt < 5 && !ctx.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      ctx.log.warn(`task ${taskId}: repository repair failed (${(error as Error).message}); continuing`);
      return false;
    }
  }
}
