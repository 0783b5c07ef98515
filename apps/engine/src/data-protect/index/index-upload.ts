// Bulk load of a snapshot's file listing (NDJSON of IndexEntrySchema) into IndexedFile. The body is
// read line by line and inserted in multi-row batches, so memory stays flat at millions of files;
// a re-sent index replaces the previous one of that snapshot.
import type { Readable } from "node:stream";
import path from "node:path";
import { createInterface } from "node:readline";
import { IndexEntrySchema } from "@lifeboat/agent-protocol";
import { invalid } from "../../errors.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import type { DataProtect } from "../context.ts";

const BATCH = 2000;

export async function loadIndex(dp: DataProtect, task: DataTask, body: Readable): Promise<number> {
  const snapshot = await dp.db.snapshot.findUniqueOrThrow({ where: { id: task.snapshotId! }, include: { run: true } });
  await dp.db.indexedFile.deleteMany({ where: { snapshotId: snapshot.id } });
  const base = { tenantId: task.tenantId, snapshotId: snapshot.id, objectId: snapshot.objectId, groupSeq: snapshot.run.groupSeq };
  let batch: { path: string; dir: string; name: string; type: string; size: bigint | null; mtime: Date | null }[] = [];
  let total = 0;
  let lineNo = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await dp.db.indexedFile.createMany({ data: batch.map((b) => ({ ...base, ...b })) });
    total += batch.length;
    batch = [];
  };
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw invalid(`index line ${lineNo}: not JSON`);
    }
    const parsed = IndexEntrySchema.safeParse(json);
    if (!parsed.success) throw invalid(`index line ${lineNo}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const e = parsed.data;
    const mtime = e.mtime ? new Date(e.mtime) : null;
    batch.push({
      path: e.path,
      dir: path.posix.dirname(e.path),
      name: e.name,
      type: e.type,
      size: e.size === undefined ? null : BigInt(e.size),
      mtime: mtime && !Number.isNaN(mtime.getTime()) ? mtime : null,
    });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return total;
}
