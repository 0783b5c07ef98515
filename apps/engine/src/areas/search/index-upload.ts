// Bulk load of a snapshot's file listing (NDJSON of IndexEntrySchema) into IndexedFile with
// PostgreSQL COPY … FROM STDIN (pg-copy-streams) on a dedicated pg client: the request body is split
// into lines, each checked by hand against IndexEntrySchema's shape and written as a COPY text-format
// row, and piped into the COPY stream with back-pressure, so memory stays flat at millions of files.
// The delete of the previous index, the COPY and the upsert of the snapshot's new paths into
// IndexedPath (index-paths.ts) run in one transaction: a bad line (a 400 naming line and field) or a
// broken upload leaves the snapshot's previous index as it was.
import path from "node:path";
import { finished, Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import type { IndexEntry } from "@lifeboat/agent-protocol";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { connectionStringOf } from "../../db.ts";
import { invalid } from "../../errors.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import type { EngineContext } from "../../context.ts";
import { addSnapshotPaths } from "./index-paths.ts";

const COLUMNS = `"tenantId", "snapshotId", "objectId", "groupSeq", path, dir, name, type, size, mtime`;
const TYPES = new Set<IndexEntry["type"]>(["file", "dir", "symlink", "other"]);

/** One value in COPY text format: backslash, tab, newline and carriage return escaped. */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : s;
}

/** Checks one parsed line against IndexEntrySchema's shape; returns the offending field and why. */
function checkEntry(v: unknown): string | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "entry: expected an object";
  const e = v as Record<string, unknown>;
  for (const f of ["path", "name"] as const) {
    if (typeof e[f] !== "string") return `${f}: expected a string`;
    if ((e[f] as string).includes("\u0000")) return `${f}: contains a NUL character`;
  }
  if (!TYPES.has(e.type as IndexEntry["type"])) return `type: expected one of file, dir, symlink, other, got ${JSON.stringify(e.type)}`;
  if (e.size !== undefined && !(Number.isSafeInteger(e.size) && (e.size as number) >= 0)) return "size: expected a non-negative integer";
  if (e.mtime !== undefined && typeof e.mtime !== "string") return "mtime: expected a string";
  return undefined;
}

/** NDJSON bytes → COPY text rows; throws (a 400) at the first bad line. */
export class IndexRows extends Transform {
  rows = 0;
  private lineNo = 0;
  private rest = "";
  private readonly decoder = new StringDecoder("utf8");

  constructor(private readonly prefix: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      const lines = (this.rest + this.decoder.write(chunk)).split("\n");
      this.rest = lines.pop()!;
      const out = this.convert(lines);
      done(null, out || undefined);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      const out = this.convert([this.rest + this.decoder.end()]);
      done(null, out || undefined);
    } catch (error) {
      done(error as Error);
    }
  }

  private convert(lines: string[]): string {
    let out = "";
    for (const raw of lines) {
      this.lineNo++;
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw invalid(`index line ${this.lineNo}: not JSON`);
      }
      const problem = checkEntry(json);
      if (problem) throw invalid(`index line ${this.lineNo}: ${problem}`);
      const e = json as IndexEntry;
      const mtime = e.mtime === undefined ? undefined : new Date(e.mtime);
      out +=
        `${this.prefix}${copyText(e.path)}\t${copyText(path.posix.dirname(e.path))}\t${copyText(e.name)}\t${e.type}\t` +
        `${e.size === undefined ? "\\N" : e.size}\t${mtime && !Number.isNaN(mtime.getTime()) ? mtime.toISOString() : "\\N"}\n`;
      this.rows++;
    }
    return out;
  }
}

export async function loadIndex(engine: EngineContext, task: DataTask, body: Readable): Promise<number> {
  const snapshot = await engine.db.snapshot.findUniqueOrThrow({ where: { id: task.snapshotId! }, include: { run: true } });
  const rows = new IndexRows(`${copyText(task.tenantId)}\t${snapshot.id}\t${snapshot.objectId}\t${snapshot.run.groupSeq}\t`);
  const client = new pg.Client({ connectionString: connectionStringOf(engine.db) });
  // A dropped connection surfaces through the query in flight; don't let it crash the process.
  client.on("error", (error) => engine.log.warn({ err: error.message }, "index load: database connection error"));
  await client.connect();
  try {
    await client.query("BEGIN");
    const previous = await client.query(`DELETE FROM "IndexedFile" WHERE "snapshotId" = $1`, [snapshot.id.toString()]);
    const copy = client.query(copyFrom(`COPY "IndexedFile" (${COLUMNS}) FROM STDIN`));
    // The body is piped, not part of the pipeline: a bad line must not destroy the request (and its
    // socket) before the 400 is sent; a broken upload still fails the load.
    finished(body, (error) => {
      if (error) rows.destroy(error);
    });
    body.pipe(rows);
    await pipeline(rows, copy);
    await addSnapshotPaths(client, snapshot, task.tenantId, (previous.rowCount ?? 0) > 0);
    await client.query("COMMIT");
    return rows.rows;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
