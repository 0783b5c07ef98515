import { z } from "zod";
import { failure, runRestic, spawnRestic, stopOnAbort, type ResticContext } from "./process.ts";

export interface RestoreOptions {
  /** Directory to restore into; restic recreates the snapshot's absolute paths below it. */
  target: string;
  include?: string[];
  exclude?: string[];
  /** Read every restored file back and compare it with the repository. */
  verify?: boolean;
  signal?: AbortSignal;
  /** How often `onProgress` fires while restic runs. Default 1000 ms. */
  progressIntervalMs?: number;
  /** Time between SIGINT and SIGKILL when the signal aborts (see stopOnAbort). */
  cancelGraceMs?: number;
}

export interface RestoreProgress {
  phase: "running" | "done";
  secondsElapsed: number;
  /** Size of the whole snapshot (before include/exclude filters), from `restic stats`. */
  totalBytes: number | undefined;
  totalFiles: number | undefined;
}

export interface RestoreSummary {
  durationSeconds: number;
}

const RestoreSizeSchema = z.object({ total_size: z.number(), total_file_count: z.number() });

/**
 * restic 0.14 prints no restore progress (JSON restore status arrived in 0.16), so the callback
 * gets the snapshot's totals up front and a heartbeat with elapsed time while it runs; callers
 * show an indeterminate bar with the known total. Polling the target's size would lie: restic
 * preallocates each file at its final size before writing it.
 */
export async function restoreSnapshot(
  ctx: ResticContext,
  snapshotId: string,
  opts: RestoreOptions,
  onProgress?: (progress: RestoreProgress) => void,
): Promise<RestoreSummary> {
  const started = Date.now();
  let totals: z.infer<typeof RestoreSizeSchema> | undefined;
  if (onProgress) {
    const { stdout } = await runRestic(ctx, "stats", ["--json", "--mode=restore-size", "--", snapshotId], {
      signal: opts.signal,
    });
    const parsed = RestoreSizeSchema.safeParse(JSON.parse(stdout.trim() || "null"));
    totals = parsed.success ? parsed.data : undefined;
  }
  const report = (phase: RestoreProgress["phase"]) =>
    onProgress?.({
      phase,
      secondsElapsed: (Date.now() - started) / 1000,
      totalBytes: totals?.total_size,
      totalFiles: totals?.total_file_count,
    });

  const args = [`--target=${opts.target}`];
  for (const pattern of opts.include ?? []) args.push(`--include=${pattern}`);
  for (const pattern of opts.exclude ?? []) args.push(`--exclude=${pattern}`);
  if (opts.verify) args.push("--verify");
  args.push("--", snapshotId);

  const proc = spawnRestic(ctx, "restore", args);
  proc.child.stdout!.resume(); // a single "restoring <Snapshot …>" line; nothing to keep
  const release = stopOnAbort(proc.child, opts.signal, opts.cancelGraceMs);
  const timer = onProgress ? setInterval(() => report("running"), opts.progressIntervalMs ?? 1000) : undefined;
  try {
    report("running");
    await proc.started;
    const { code } = await proc.exited;
    if (code !== 0) throw failure(ctx, "restore", code, proc.stderr.text(), opts.signal?.aborted ?? false);
    report("done");
    return { durationSeconds: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
    release();
  }
}
