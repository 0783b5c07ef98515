// restore: chosen files and folders of a snapshot back to their original paths or below another
// folder (restic's layout: `<folder>/<original absolute path>`). restic restores into a staging
// folder on the target's filesystem; `moveTree` then puts entries in place, honouring overwrite
// and preserve-attributes (see restore-move.ts for why).
//
// Progress: restic 0.14 prints none for restore, and the staging size would lie (restic
// preallocates files at full size). So while restic runs the task posts 0 % with the elapsed
// time implied by its heartbeat; the move phase then reports real files/bytes against the
// measured staging totals.
//
// Every file-system step goes through the task's bounded fs (a hung target fails the task after the
// step deadline, a cancel abandons the step at once), and a target under /proc, /sys, /dev or on a
// kernel pseudo-filesystem is refused before anything is created (issue 12: a restore into /proc
// used to spin forever).
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { TaskResult } from "@lifeboat/agent-protocol";
import { createBoundedFs, restoreTargetProblem, type BoundedFs } from "./bounded-fs.ts";
import { measureTree, moveTree, type MoveStats } from "./restore-move.ts";
import type { RestoreCommand, TaskContext } from "./types.ts";

export async function runRestore(cmd: RestoreCommand, ctx: TaskContext): Promise<TaskResult> {
  for (const p of cmd.include) {
    if (!path.isAbsolute(p)) throw new TypeError(`invalid restore include path ${JSON.stringify(p)}: must be absolute`);
  }
  const alternate = cmd.target.kind === "alternate" ? path.resolve(cmd.target.path) : null;
  if (cmd.target.kind === "alternate" && !path.isAbsolute(cmd.target.path)) {
    throw new TypeError(`invalid restore target path ${JSON.stringify(cmd.target.path)}: must be absolute`);
  }
  const fs = ctx.fs;
  for (const target of alternate ? [alternate] : cmd.include) {
    const problem = await restoreTargetProblem(target, fs);
    if (problem) return { status: "Failed", message: problem, warnings: [] };
  }
  if (alternate) await fs.mkdirp(alternate);
  const stagingParent = alternate ?? (await deepestExistingDir(fs, commonParent(cmd.include)));
  const staging = path.join(stagingParent, `.lifeboat-restore-${randomBytes(6).toString("hex")}`);
  await fs.mkdir(staging, 0o700);
  try {
    ctx.progress({ percentDone: 0, bytesDone: 0, filesDone: 0 });
    await ctx.restic.restore(cmd.snapshotId, { target: staging, include: cmd.include, signal: ctx.signal });
    const totals = await measureTree(staging, fs);
    const stats: MoveStats = { filesRestored: 0, bytesRestored: 0, skipped: [], skippedCount: 0 };
    const report = () =>
      ctx.progress({
        percentDone: totals.bytes > 0 ? (100 * stats.bytesRestored) / totals.bytes : 0,
        bytesDone: stats.bytesRestored,
        totalBytes: totals.bytes,
        filesDone: stats.filesRestored + stats.skippedCount,
        totalFiles: totals.files,
      });
    for (const include of cmd.include) {
      const src = path.join(staging, include);
      // An include that matched nothing in the snapshot restores nothing (restic does not fail).
      if (!(await exists(fs, src))) continue;
      const dst = alternate ? path.join(alternate, include) : include;
      await fs.mkdirp(path.dirname(dst));
      await moveTree(src, dst, { overwrite: cmd.overwrite, preserveAttributes: cmd.preserveAttributes, signal: ctx.signal, onEntry: report, fs }, stats);
    }
    report();
    const kept = stats.skippedCount > 0 ? `; kept ${stats.skippedCount} existing file(s) (overwrite is off)` : "";
    if (stats.filesRestored === 0 && stats.skippedCount === 0) {
      return { status: "Failed", message: `nothing in snapshot ${cmd.snapshotId.slice(0, 8)} matches ${cmd.include.join(", ")}`, warnings: [] };
    }
    return {
      status: "Succeeded",
      message: `restored ${stats.filesRestored} file(s) to ${alternate ?? "the original location"}${kept}`,
      warnings: [],
      data: {
        target: alternate ?? "original",
        filesRestored: stats.filesRestored,
        bytesRestored: stats.bytesRestored,
        filesSkipped: stats.skippedCount,
        skippedPaths: stats.skipped,
      },
    };
  } finally {
    // Also after a cancel (so without the task's signal); still bounded per step.
    await createBoundedFs({ stepTimeoutMs: fs.bounds.stepTimeoutMs })
      .rmTree(staging)
      .catch((error: Error) => ctx.log.warn(`restore: could not remove the staging folder ${staging}: ${error.message}`));
  }
}

function commonParent(paths: string[]): string {
  const split = paths.map((p) => path.dirname(path.resolve(p)).split(path.sep));
  const first = split[0] ?? [""];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}

async function deepestExistingDir(fs: BoundedFs, dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    const st = await fs.stat(d).catch(() => null);
    if (st?.isDirectory()) return d;
    if (d === path.dirname(d)) return d;
  }
}

const exists = (fs: BoundedFs, p: string) => fs.lstat(p).then(
  () => true,
  () => false,
);
