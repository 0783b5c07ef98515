// Folder listing of a snapshot (GET /lifeboat/v1/objects/{id}/snapshots/{id}/files, issue 14) in an
// index of ~1M rows, without restic, an agent or an engine process: `--snapshots` snapshots of one
// host, each `--rows` IndexedFile rows COPYed straight in (one folder of `--folder` entries, the rest
// in folders of 100), into a fresh engine database with the current migrations. Then VACUUM ANALYZE
// (what autovacuum does after a load), one warm-up, and `--iterations` timed calls of the real
// listSnapshotFolder per case: the first page, a page from the middle (by cursor), and the whole
// folder walked page by page. Prints p50/p95 in milliseconds.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/browse.ts [--rows 200000] [--snapshots 5] [--folder 10000] [--iterations 50] [--explain]
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createTestDatabase } from "@lifeboat/postgres";
import { createEngineDb } from "../apps/engine/src/db.ts";
import type { EngineContext } from "../apps/engine/src/context.ts";
import { listSnapshotFolder } from "../apps/engine/src/areas/search/snapshot-folder.ts";
import { applyMigrations } from "../apps/engine/src/migrate.ts";
import { parseCount } from "./lib/cli.ts";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    snapshots: { type: "string", default: "5" },
    folder: { type: "string", default: "10000" },
    iterations: { type: "string", default: "50" },
    explain: { type: "boolean", default: false },
  },
});
if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL: set it to a PostgreSQL server (the bench creates and drops its own database there)");
const rowsPerSnapshot = parseCount(args.rows, "--rows");
const snapshots = parseCount(args.snapshots, "--snapshots");
const folderSize = parseCount(args.folder, "--folder");
const iterations = parseCount(args.iterations, "--iterations");
const TENANT = "bench/";
const BIG = "/srv/data/big";
const OBJECT = 7n;

/** COPY text rows of one snapshot: BIG's entries first, then folders of 100 (`/srv/data/d<n>`). */
function* copyRows(snapshotId: bigint, groupSeq: bigint) {
  const prefix = `${TENANT}\t${snapshotId}\t${OBJECT}\t${groupSeq}\t`;
  const mtime = "2026-11-01T10:00:00.000Z";
  let chunk = `${prefix}/srv\t/\tsrv\tdir\t\\N\t${mtime}\n${prefix}/srv/data\t/srv\tdata\tdir\t\\N\t${mtime}\n${prefix}${BIG}\t/srv/data\tbig\tdir\t\\N\t${mtime}\n`;
  for (let i = 0; i < rowsPerSnapshot - 3; i++) {
    const inBig = i < folderSize;
    const dir = inBig ? BIG : `/srv/data/d${Math.floor((i - folderSize) / 100)}`;
    const name = inBig ? `file-${i.toString(36).padStart(4, "0")}.dat` : `f${i % 100}.txt`;
    chunk += `${prefix}${dir}/${name}\t${dir}\t${name}\tfile\t${(i * 37) % 100_000}\t${mtime}\n`;
    if (chunk.length > 1 << 20) {
      yield Buffer.from(chunk);
      chunk = "";
    }
  }
  yield Buffer.from(chunk);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const tdb = await createTestDatabase("bench_browse");
const db = createEngineDb(tdb.url);
try {
  await applyMigrations(tdb.url);
  await db.tenant.create({ data: { id: TENANT } });
  const policy = await db.policy.create({ data: { tenantId: TENANT, name: "p", spec: {}, lastModificationTimeUsecs: 1n } });
  const group = await db.protectionGroup.create({ data: { tenantId: TENANT, name: "g", policySeq: policy.seq, environment: "kPhysical", spec: {}, lastModifiedTimestampUsecs: 1n } });
  const run = await db.protectionRun.create({ data: { groupSeq: group.seq, runType: "kRegular", status: "Succeeded", startTimeUsecs: 1n } });
  const client = new pg.Client({ connectionString: tdb.url });
  await client.connect();
  const ids: bigint[] = [];
  for (let s = 0; s < snapshots; s++) {
    const snap = await db.snapshot.create({ data: { runId: run.id, objectId: OBJECT, timestampUsecs: BigInt(1_000_000 * (s + 1)), indexingStatus: "kDone" } });
    ids.push(snap.id);
    const started = performance.now();
    await pipeline(Readable.from(copyRows(snap.id, group.seq)), client.query(copyFrom(`COPY "IndexedFile" ("tenantId", "snapshotId", "objectId", "groupSeq", path, dir, name, type, size, mtime) FROM STDIN`)));
    console.log(`snapshot ${s + 1} of ${snapshots}: ${rowsPerSnapshot} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await client.query("VACUUM ANALYZE");
  const total = Number((await client.query(`SELECT count(*) FROM "IndexedFile"`)).rows[0].count);
  await client.end();

  const engine = { db } as unknown as EngineContext;
  const middle = ids[Math.floor(ids.length / 2)]!;
  const list = (query: { cursor?: string; limit?: number }) => listSnapshotFolder(engine, TENANT, OBJECT, middle, { path: BIG, ...query });
  const midCursor = Buffer.from(`file-${Math.floor(folderSize / 2).toString(36).padStart(4, "0")}.dat`).toString("base64url");
  const walk = async (limit: number) => {
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await list({ limit, ...(cursor ? { cursor } : {}) });
      n += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (n !== folderSize) throw new Error(`walked ${n} entries, expected ${folderSize}`);
  };
  const cases: [string, () => Promise<unknown>][] = [
    ["first page, 200 entries (default)", () => list({})],
    ["first page, 1000 entries (maximum)", () => list({ limit: 1000 })],
    ["page from the middle by cursor, 200 entries", () => list({ cursor: midCursor })],
    [`whole folder, ${Math.ceil(folderSize / 1000)} pages of 1000`, () => walk(1000)],
  ];
  const lines: string[] = [];
  for (const [name, fn] of cases) {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    lines.push(`| ${name} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 95).toFixed(1)} |`);
    console.log(lines.at(-1));
  }
  if (args.explain) {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT name, type, size, mtime FROM "IndexedFile" WHERE "snapshotId" = ${middle} AND dir = '${BIG}' AND "tenantId" = '${TENANT}' ORDER BY name LIMIT 201`,
    );
    console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  console.log(`\n${total} IndexedFile rows (${snapshots} snapshots), folder of ${folderSize} entries; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  console.log(`| listing ${BIG} (ms) | p50 | p95 |\n|---|---|---|\n${lines.join("\n")}`);
} finally {
  await db.$disconnect();
  await tdb.drop();
}
