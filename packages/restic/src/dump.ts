import { Transform, type Readable, type TransformCallback } from "node:stream";
import { failure, spawnRestic, type ResticContext } from "./process.ts";

export interface DumpOptions {
  /** First byte to return (0-based). Default 0. */
  offset?: number;
  /** Number of bytes to return from `offset`. Default: to the end of the file. */
  length?: number;
  signal?: AbortSignal;
}

/**
 * Streams one file of a snapshot (a directory comes out as a tar archive, restic's default).
 *
 * restic 0.14 has no range flag, so a ranged read is done in the stream: bytes before `offset`
 * are counted and dropped as they pass, bytes after `offset + length` stop restic (SIGINT) and
 * end the stream. Nothing is buffered beyond the pipe's high-water mark: restic blocks on a full
 * pipe until the consumer reads, so a slow HTTP client never makes us hold the file in memory.
 * (The skipped prefix is still decrypted by restic — the cost of a ranged read grows with offset.)
 */
/** A dump's bytes; `exited` settles once its restic process is gone (its repository lock released). */
export type DumpStream = Readable & { exited: Promise<void> };

export function dumpFile(ctx: ResticContext, snapshotId: string, filePath: string, opts: DumpOptions = {}): DumpStream {
  const offset = opts.offset ?? 0;
  const end = opts.length === undefined ? Infinity : offset + opts.length;
  const proc = spawnRestic(ctx, "dump", ["--", snapshotId, filePath]);
  let position = 0;
  let stoppedByUs = false;

  const stop = () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      stoppedByUs = true;
      // SIGINT: restic 0.14 removes its repository lock on SIGINT only (SIGTERM leaves it stale).
      proc.child.kill("SIGINT");
    }
  };

  const range = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      const start = position;
      position += chunk.length;
      if (position <= offset || start >= end) {
        if (start >= end) stop();
        return cb();
      }
      const from = Math.max(0, offset - start);
      const to = Math.min(chunk.length, end - start);
      if (start + to >= end) stop();
      cb(null, chunk.subarray(from, to));
    },
    // End the stream only once restic exited: a failure after the last byte must still surface.
    flush(cb: TransformCallback) {
      proc.exited.then(({ code }) => {
        if (code === 0 || stoppedByUs) cb();
        else cb(failure(ctx, "dump", code, proc.stderr.text(), opts.signal?.aborted ?? false));
      }, cb);
    },
  });

  proc.started.catch((err: unknown) => range.destroy(err as Error));
  proc.child.stdout!.pipe(range);
  // The consumer went away (client disconnected, destroy()): do not leave restic writing to nobody.
  range.on("close", stop);
  const onAbort = () => {
    stop();
    range.destroy(failure(ctx, "dump", 130, "cancelled by caller", true));
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  range.on("close", () => opts.signal?.removeEventListener("abort", onAbort));
  if (opts.length === 0) stop();
  return Object.assign(range, { exited: proc.exited.then(() => undefined, () => undefined) });
}
