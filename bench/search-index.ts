// Engine file search at ~1M index rows, before and after IndexedPath (issue 5), without restic or
// an agent: the data set's plan (generate-dataset.ts's path generator, nothing written to disk)
// becomes `--snapshots` identical index uploads of one host into two fresh engine databases:
//   old: IndexedFile as before (trigram GIN on path, no IndexedPath), loaded as loadIndex did
//        before (DELETE + COPY in one transaction), searched with the old DISTINCT ON query;
//   new: the current schema, loaded through the real loadIndex (COPY + IndexedPath upsert),
//        searched with searchIndexedRows.
// It prints each upload's time, then p50/p95 of `--iterations` first-page searches (count 100,
// after one warm-up) per search string side by side, and whether both returned the same rows.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/search-index.ts [--files 200000] [--snapshots 5] [--explain]
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import { createEngineDb, type EngineDb } from "../apps/engine/src/db.ts";
import type { EngineContext } from "../apps/engine/src/context.ts";
import { copyText, IndexRows, loadIndex } from "../apps/engine/src/areas/search/index-upload.ts";
import { searchIndexedRows, type IndexedRow, type IndexedSearch } from "../apps/engine/src/areas/search/indexed.ts";
import { applyMigrations } from "../apps/engine/src/migrate.ts";
import { referenceSearchRows } from "../apps/engine/test/helpers/search-oracle.ts";
import { parseCount } from "./lib/cli.ts";
import { DEFAULTS, planDataset } from "./lib/dataset.ts";

const { values: args } = parseArgs({
  options: {
    files: { type: "string", default: "200000" },
    snapshots: { type: "string", default: "5" },
    iterations: { type: "string", default: "20" },
    search: { type: "string", multiple: true },
    explain: { type: "boolean", default: false },
  },
});
if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL: set it to a PostgreSQL server (the bench creates and drops its own databases there)");
const files = parseCount(args.files, "--files");
const snapshots = parseCount(args.snapshots, "--snapshots");
const iterations = parseCount(args.iterations, "--iterations");
const TENANT = "bench/";
const ROOT = "/srv/data";

const plan = planDataset({ ...DEFAULTS, files });
const mtime = "2026-11-01T10:00:00.000Z";
function* entries() {
  yield JSON.stringify({ path: ROOT, name: "data", type: "dir" });
  for (const d of plan.dirs) if (d) yield JSON.stringify({ path: `${ROOT}/${d}`, name: d.slice(d.lastIndexOf("/") + 1), type: "dir" });
  for (const f of plan.files) yield JSON.stringify({ path: `${ROOT}/${f.path}`, name: f.path.slice(f.path.lastIndexOf("/") + 1), type: "file", size: f.size, mtime });
}
const ndjson = () =>
  Readable.from(
    (function* () {
      let chunk: string[] = [];
      for (const line of entries()) {
        chunk.push(line);
        if (chunk.length === 1000) {
          yield Buffer.from(`${chunk.join("\n")}\n`);
          chunk = [];
        }
      }
      if (chunk.length) yield Buffer.from(chunk.join("\n"));
    })(),
  );

interface Side { tdb: TestDatabase; db: EngineDb; engine: EngineContext; objectId: bigint; runId: bigint; loads: number[] }

async function prepare(name: string): Promise<Side> {
  const tdb = await createTestDatabase(`bench_search_${name}`);
  await applyMigrations(tdb.url);
  const db = createEngineDb(tdb.url);
  await db.tenant.create({ data: { id: TENANT } });
  const policy = await db.policy.create({ data: { tenantId: TENANT, name: "p", spec: {}, lastModificationTimeUsecs: 1n } });
  const group = await db.protectionGroup.create({ data: { tenantId: TENANT, name: "g", policySeq: policy.seq, environment: "kPhysical", spec: {}, lastModifiedTimestampUsecs: 1n } });
  const runId = (await db.protectionRun.create({ data: { groupSeq: group.seq, runType: "kRegular", status: "Succeeded", startTimeUsecs: 1n } })).id;
  const engine = { db, log: { warn: () => undefined } } as unknown as EngineContext;
  return { tdb, db, engine, objectId: 7n, runId, loads: [] };
}

/** The index upload before IndexedPath: delete the snapshot's rows and COPY, in one transaction. */
async function oldLoad(side: Side, snapshotId: bigint, groupSeq: bigint) {
  const client = new pg.Client({ connectionString: side.tdb.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "IndexedFile" WHERE "snapshotId" = $1`, [snapshotId.toString()]);
    const rows = new IndexRows(`${copyText(TENANT)}\t${snapshotId}\t${side.objectId}\t${groupSeq}\t`);
    const copy = client.query(copyFrom(`COPY "IndexedFile" ("tenantId", "snapshotId", "objectId", "groupSeq", path, dir, name, type, size, mtime) FROM STDIN`));
    await pipeline(ndjson(), rows, copy);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

async function load(side: Side, how: "old" | "new") {
  const run = await side.db.protectionRun.findUniqueOrThrow({ where: { id: side.runId } });
  for (let i = 0; i < snapshots; i++) {
    const snap = await side.db.snapshot.create({ data: { runId: side.runId, objectId: side.objectId, timestampUsecs: BigInt(1_000_000 * (i + 1)) } });
    const task = await side.db.dataTask.create({ data: { tenantId: TENANT, connectorId: 1n, type: "index", params: {}, snapshotId: snap.id } });
    const started = performance.now();
    if (how === "old") await oldLoad(side, snap.id, run.groupSeq);
    else await loadIndex(side.engine, task, ndjson());
    side.loads.push((performance.now() - started) / 1000);
    console.log(`${how}: snapshot ${i + 1} of ${snapshots} loaded in ${side.loads.at(-1)!.toFixed(2)} s`);
  }
  // What autovacuum does shortly after a load; the planner needs the statistics.
  const client = new pg.Client({ connectionString: side.tdb.url });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  await client.end();
}

/** `db` whose $queryRaw runs EXPLAIN (ANALYZE, BUFFERS) of the statement instead of the statement. */
function explaining(db: EngineDb): EngineDb {
  return {
    $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
      db.$queryRaw(Object.assign([`EXPLAIN (ANALYZE, BUFFERS) ${strings[0]}`, ...strings.slice(1)], { raw: [`EXPLAIN (ANALYZE, BUFFERS) ${strings.raw[0]}`, ...strings.raw.slice(1)] }), ...values),
  } as unknown as EngineDb;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
async function time(fn: () => Promise<IndexedRow[]>) {
  const first = await fn();
  const ms: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return { first, p50: pct(ms, 50), p95: pct(ms, 95) };
}

const same = (a: IndexedRow[], b: IndexedRow[]) => JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) === JSON.stringify(b, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

const oldSide = await prepare("old");
const newSide = await prepare("new");
try {
  // The old schema: IndexedFile with its trigram index, no IndexedPath.
  await oldSide.db.$executeRawUnsafe(`DROP TABLE "IndexedPath"`);
  await oldSide.db.$executeRawUnsafe(`CREATE INDEX "IndexedFile_path_trgm_idx" ON "IndexedFile" USING GIN ("path" gin_trgm_ops)`);
  await load(oldSide, "old");
  await load(newSide, "new");
  const rows = await newSide.db.indexedFile.count();
  const paths = await newSide.db.indexedPath.count();
  const strings = args.search?.length ? args.search : [plan.needle, "report-1", "level-17/", ".csv", "no-such-name"];
  const results: string[] = [];
  for (const s of strings) {
    const q: IndexedSearch = { tenantId: TENANT, searchString: s, limit: 101 };
    const before = await time(() => referenceSearchRows(oldSide.db, q));
    const after = await time(() => searchIndexedRows(newSide.db, q));
    const hits = after.first.length > 100 ? "100+" : String(after.first.length);
    results.push(`| \`${s}\` | ${before.p50.toFixed(0)} ms | ${before.p95.toFixed(0)} ms | ${after.p50.toFixed(0)} ms | ${after.p95.toFixed(0)} ms | ${hits} | ${same(before.first, after.first) ? "yes" : "NO"} |`);
    console.log(results.at(-1));
    if (args.explain) {
      // The same statements with EXPLAIN in front (Prisma's $queryRaw keeps the parameters).
      for (const [side, fn] of [["old", () => referenceSearchRows(explaining(oldSide.db), q)], ["new", () => searchIndexedRows(explaining(newSide.db), q)]] as const) {
        console.log(`--- ${side}: ${s}\n${(await fn()).map((r) => (r as unknown as Record<string, string>)["QUERY PLAN"]).join("\n")}`);
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\n${rows} IndexedFile rows, ${paths} IndexedPath rows (${snapshots} snapshots of ${paths} paths); load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  console.log(`| search string | old p50 | old p95 | new p50 | new p95 | first page | same rows |\n|---|---|---|---|---|---|---|\n${results.join("\n")}\n`);
  console.log(`| index upload of ${paths} rows | old | new |\n|---|---|---|`);
  console.log(`| first snapshot | ${oldSide.loads[0]!.toFixed(2)} s | ${newSide.loads[0]!.toFixed(2)} s |`);
  if (snapshots > 1) console.log(`| snapshots 2–${snapshots}, mean | ${mean(oldSide.loads.slice(1)).toFixed(2)} s | ${mean(newSide.loads.slice(1)).toFixed(2)} s |`);
} finally {
  await oldSide.db.$disconnect();
  await newSide.db.$disconnect();
  await oldSide.tdb.drop();
  await newSide.tdb.drop();
}
