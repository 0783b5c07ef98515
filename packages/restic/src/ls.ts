import { NodeLineSchema, toNode, type SnapshotNode } from "./messages.ts";
import { failure, spawnRestic, type ResticContext } from "./process.ts";
import { parseJson } from "./backup.ts";
import { readLines } from "./lines.ts";

export interface LsOptions {
  /** Directory inside the snapshot (absolute, as backed up). Default: the whole snapshot. */
  path?: string;
  /** With `path`: descend into sub-directories too (without `path` restic always recurses). */
  recursive?: boolean;
  signal?: AbortSignal;
}

/**
 * Streams the nodes of a snapshot one JSON line at a time: memory stays flat however many files
 * the snapshot holds. Breaking out of the `for await` stops restic.
 */
export async function* listSnapshot(ctx: ResticContext, snapshotId: string, opts: LsOptions): AsyncGenerator<SnapshotNode> {
  const args = ["--json"];
  if (opts.recursive) args.push("--recursive");
  args.push("--", snapshotId);
  if (opts.path) args.push(opts.path);
  const proc = spawnRestic(ctx, "ls", args);
  // SIGINT, not SIGTERM: restic 0.14 only cleans up (removes its lock) on SIGINT.
  const onAbort = () => proc.child.kill("SIGINT");
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const lines = readLines(proc.child.stdout!);
  let finished = false;
  try {
    await proc.started;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      // The first line describes the snapshot itself (struct_type "snapshot"); skip it.
      const node = parseJson(next.value, NodeLineSchema);
      if (node) yield toNode(node);
    }
    const { code } = await proc.exited;
    finished = true;
    if (code !== 0) throw failure(ctx, "ls", code, proc.stderr.text(), opts.signal?.aborted ?? false);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    if (!finished) {
      // The consumer stopped early (break/throw): SIGINT makes restic remove its lock and exit.
      // Keep reading (and dropping) its output meanwhile: closing the pipe instead would kill
      // it with SIGPIPE mid-cleanup and leave the lock behind.
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGINT");
      for await (const _line of lines);
      await proc.exited;
    }
  }
}
