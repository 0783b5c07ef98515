// index: the snapshot's listing (`restic ls --json`) streamed to PUT /tasks/{taskId}/index as
// NDJSON lines of IndexEntrySchema. The request body pulls from the listing as the socket drains
// and restic blocks on a full pipe, so memory stays flat however many files the snapshot has.
import { Readable } from "node:stream";
import type { IndexEntry, TaskResult } from "@lifeboat/agent-protocol";
import type { SnapshotNode } from "@lifeboat/restic";
import type { IndexCommand, TaskContext } from "./types.ts";

/** Lines are sent in chunks of about this size (one write per line would cost a syscall each). */
const CHUNK_BYTES = 64 * 1024;

export async function runIndex(cmd: IndexCommand, ctx: TaskContext): Promise<TaskResult> {
  let entries = 0;
  let bytes = 0;
  async function* ndjson(): AsyncGenerator<Buffer> {
    let pending = "";
    for await (const node of ctx.restic.ls(cmd.snapshotId, { signal: ctx.signal })) {
      pending += `${JSON.stringify(toEntry(node))}\n`;
      entries++;
      if (pending.length >= CHUNK_BYTES) {
        const chunk = Buffer.from(pending);
        bytes += chunk.length;
        pending = "";
        ctx.progress({ percentDone: 0, bytesDone: bytes, filesDone: entries });
        yield chunk;
      }
    }
    if (pending) {
      bytes += Buffer.byteLength(pending);
      yield Buffer.from(pending);
    }
  }
  await ctx.upload("index", Readable.from(ndjson(), { objectMode: false }), "application/x-ndjson");
  ctx.progress({ percentDone: 100, bytesDone: bytes, filesDone: entries, totalFiles: entries });
  return { status: "Succeeded", warnings: [], data: { snapshotId: cmd.snapshotId, entries, bytes } };
}

const TYPES: Record<string, IndexEntry["type"]> = { file: "file", dir: "dir", symlink: "symlink" };

export function toEntry(node: SnapshotNode): IndexEntry {
  return {
    path: node.path,
    name: node.name,
    type: TYPES[node.type] ?? "other",
    ...(node.size === undefined ? {} : { size: node.size }),
    ...(node.mtime ? { mtime: node.mtime.toISOString() } : {}),
  };
}
