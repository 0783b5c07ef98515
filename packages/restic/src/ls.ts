import readline from "node:readline";
import { NodeLineSchema, toNode, type SnapshotNode } from "./messages.ts";
import { failure, spawnRestic, type ResticContext } from "./process.ts";
import { parseJson } from "./backup.ts";

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
  const lines = readline.createInterface({ input: proc.child.stdout!, crlfDelay: Infinity });
  let finished = false;
  try {
    await proc.started;
    for await (const line of lines) {
      // The first line describes the snapshot itself (struct_type "snapshot"); skip it.
      const node = parseJson(line, NodeLineSchema);
      if (node) yield toNode(node);
    }
    const { code } = await proc.exited;
    finished = true;
    if (code !== 0) throw failure(ctx, "ls", code, proc.stderr.text(), opts.signal?.aborted ?? false);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    lines.close();
    // The consumer stopped early (break/throw): stop restic rather than letting it fill a pipe,
    // and wait until it removed its lock so the next command does not find the repository locked.
    if (!finished && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill("SIGINT");
      proc.child.stdout?.resume();
      await proc.exited;
    }
  }
}
