// content: bytes out of a snapshot to PUT /tasks/{taskId}/content, streamed end to end so no file
// is ever held in memory (restic blocks on a full pipe while the upload drains).
// - raw: one file, optionally a byte range. A range that is not the whole file is read through the
//   agent's download cache (download-cache.ts): one `restic dump` per file serves all its ranges.
//   Without room in the cache: `restic dump` with the range cut in the stream.
// - zip: several files and folders as one zip. restic 0.14's `dump --archive zip` covers exactly
//   one folder, so each chosen folder is dumped as tar (one restic process per folder, not per
//   file) and its entries are re-packed into a single streaming zip (yazl) as they pass; chosen
//   files are added from their own dump. Entry names are relative to the chosen paths' common
//   parent folder. Deflate level 1: backed-up data is often compressed already, and the agent
//   shares the host's CPU with its workload.
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import yazl from "yazl";
import type { TaskResult } from "@lifeboat/agent-protocol";
import type { SnapshotNode } from "@lifeboat/restic";
import { downloadCacheKey } from "./download-cache.ts";
import type { ContentCommand, TaskContext } from "./types.ts";

export async function runContent(cmd: ContentCommand, ctx: TaskContext): Promise<TaskResult> {
  for (const p of cmd.paths) {
    if (!path.posix.isAbsolute(p)) throw new TypeError(`invalid content path ${JSON.stringify(p)}: must be an absolute path inside the snapshot`);
  }
  return cmd.format === "raw" ? runRaw(cmd, ctx) : runZip(cmd, ctx);
}

async function runRaw(cmd: ContentCommand, ctx: TaskContext): Promise<TaskResult> {
  if (cmd.paths.length !== 1) throw new TypeError(`a raw download takes exactly one file (got ${cmd.paths.length} paths); use format zip`);
  const file = cmd.paths[0]!;
  const cacheKey = downloadCacheKey(ctx.repoKey, cmd.repository.password, cmd.snapshotId, file);
  // A file the cache holds (or is dumping) was stat'ed by the request that cached it: no `restic ls`.
  let size = ctx.downloadCache.sizeOf(cacheKey);
  if (size === undefined) {
    const node = await statInSnapshot(ctx, cmd.snapshotId, file);
    if (node.type !== "file") throw new TypeError(`${file} is a ${node.type === "dir" ? "folder" : node.type} in the snapshot; download it as zip`);
    size = node.size ?? 0;
  }
  const offset = cmd.startOffset ?? 0;
  if (offset > size) throw new RangeError(`startOffset ${offset} is beyond the end of ${file} (${size} bytes)`);
  const expected = Math.min(size - offset, cmd.length ?? Infinity);
  const counter = byteCounter((bytes) => ctx.progress(progressOf(bytes, expected, 0)));
  const label = `${file} of snapshot ${cmd.snapshotId.slice(0, 8)}`;
  const cached = ctx.downloadCache.read({
    key: cacheKey,
    repoKey: ctx.repoKey,
    label,
    size,
    offset,
    length: expected,
    dump: (signal) => ctx.restic.dump(cmd.snapshotId, file, { signal }),
  });
  if (!cached) ctx.log.info(`content: restic dump of ${label} for bytes ${offset}+${expected} (not cached)`);
  const source = cached?.stream ?? ctx.restic.dump(cmd.snapshotId, file, { offset, length: cmd.length, signal: ctx.signal });
  const body = source.pipe(counter);
  source.on("error", (error) => body.destroy(error));
  // The upload ended early (engine or client went away): stop restic (or the cache read) too.
  body.on("close", () => source.destroy());
  // A cache read is not tied to the task's restic: cancelling the task stops it here.
  const onAbort = () => source.destroy(new Error("canceled"));
  if (cached) ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    await ctx.upload("content", body, "application/octet-stream");
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
  ctx.progress(progressOf(counter.bytes, expected, 1));
  return {
    status: "Succeeded",
    warnings: [],
    data: { format: "raw", path: file, offset, bytes: counter.bytes, fileSize: size, cache: cached ? (cached.hit ? "hit" : "filled") : "none" },
  };
}

async function runZip(cmd: ContentCommand, ctx: TaskContext): Promise<TaskResult> {
  const nodes: SnapshotNode[] = [];
  for (const p of cmd.paths) nodes.push(await statInSnapshot(ctx, cmd.snapshotId, p));
  const base = commonParent(cmd.paths);
  const zip = new yazl.ZipFile();
  let files = 0;
  const counter = byteCounter((bytes) => ctx.progress(progressOf(bytes, undefined, files)));
  const body = (zip.outputStream as Readable).pipe(counter);
  const upload = ctx.upload("content", body, "application/zip");
  // If the upload fails (the engine or its client went away), stop feeding: restic would
  // otherwise block forever on a pipe nobody reads.
  const feed = new AbortController();
  upload.catch((error: unknown) => feed.abort(error));
  const signal = AbortSignal.any([ctx.signal, feed.signal]);
  const warnings: { path: string; message: string }[] = [];
  try {
    for (const node of nodes) {
      const name = path.posix.relative(base, node.path);
      if (node.type === "file") {
        const stream = ctx.restic.dump(cmd.snapshotId, node.path, { signal });
        zip.addReadStream(stream, name, { mtime: node.mtime ?? new Date(), mode: 0o100644, compressionLevel: 1 });
        await finished(stream, { signal });
        files++;
      } else if (node.type === "dir") {
        zip.addEmptyDirectory(name, { mtime: node.mtime ?? new Date() });
        files += await addFolder(ctx, cmd.snapshotId, node.path, base, zip, warnings, signal);
      } else warnings.push({ path: node.path, message: `${node.type} entries are not included in zip downloads` });
    }
    zip.end();
  } catch (error) {
    body.destroy(error as Error);
    // The upload's own error (e.g. HTTP 409 from the engine) says more than the aborted feed.
    await upload;
    throw error;
  }
  await upload;
  ctx.progress(progressOf(counter.bytes, counter.bytes, files));
  return {
    status: warnings.length ? "SucceededWithWarning" : "Succeeded",
    warnings,
    data: { format: "zip", paths: cmd.paths, files, bytes: counter.bytes },
  };
}

/** Re-packs the tar of one folder (`restic dump`) into the zip, entry by entry, back-pressured. */
async function addFolder(
  ctx: TaskContext,
  snapshotId: string,
  folder: string,
  base: string,
  zip: yazl.ZipFile,
  warnings: { path: string; message: string }[],
  signal: AbortSignal,
): Promise<number> {
  let files = 0;
  // noResume: an entry's bytes wait (the parser stops reading restic) until yazl consumes them.
  const parser = new Parser({
    noResume: true,
    onReadEntry: (entry: ReadEntry) => {
      const full = `/${entry.path.replace(/^\/+/, "")}`;
      const name = path.posix.relative(base, full);
      const mtime = entry.mtime ?? new Date();
      if (entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile") {
        zip.addReadStream(Readable.from(entry), name, { mtime, mode: 0o100000 | ((entry.mode ?? 0o644) & 0o777), compressionLevel: 1 });
        files++;
      } else {
        if (entry.type === "Directory") zip.addEmptyDirectory(name, { mtime });
        else warnings.push({ path: full, message: `${entry.type} entries are not included in zip downloads` });
        entry.resume();
      }
    },
  });
  const tar = ctx.restic.dump(snapshotId, folder, { signal });
  await pipeline(tar, parser as unknown as NodeJS.WritableStream, { signal });
  return files;
}

/** The snapshot's node for `p` (restic `ls <snapshot> <p>` lists the node itself first). */
async function statInSnapshot(ctx: TaskContext, snapshotId: string, p: string): Promise<SnapshotNode> {
  const wanted = path.posix.normalize(p).replace(/\/+$/, "") || "/";
  for await (const node of ctx.restic.ls(snapshotId, { path: wanted, signal: ctx.signal })) {
    if (node.path === wanted) return node;
    break;
  }
  throw new TypeError(`${wanted} is not in snapshot ${snapshotId.slice(0, 8)}`);
}

function commonParent(paths: string[]): string {
  const split = paths.map((p) => path.posix.dirname(path.posix.normalize(p).replace(/\/+$/, "")).split("/"));
  const first = split[0] ?? [""];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join("/") || "/";
}

function progressOf(bytes: number, total: number | undefined, files: number) {
  return {
    percentDone: total ? Math.min(100, (100 * bytes) / total) : 0,
    bytesDone: bytes,
    ...(total === undefined ? {} : { totalBytes: total }),
    filesDone: files,
  };
}

function byteCounter(onBytes: (bytes: number) => void): Transform & { bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      t.bytes += chunk.length;
      onBytes(t.bytes);
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  t.bytes = 0;
  return t;
}
