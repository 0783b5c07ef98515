// SearchIndexedObjects over IndexedPath against a real PostgreSQL, checked against the search it
// replaced (test/helpers/search-oracle.ts, the DISTINCT ON query over every snapshot's rows): a
// generated index of two objects in two groups, several snapshots each, paths that only older
// snapshots hold, a path that changed type, an expired snapshot; every filter combination walked
// page by page must give the oracle's rows in the oracle's order, each once. Then forgetting
// snapshots and re-sending an index keep IndexedPath to the paths some snapshot still holds, and the
// migration backfills IndexedPath from an index that existed before it.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceSearchRows } from "../../../test/helpers/search-oracle.ts";
import { createEngineDb, type EngineDb } from "../../db.ts";
import { EngineError } from "../../errors.ts";
import { formatColonId } from "../../ids.ts";
import { applyMigrations } from "../../migrate.ts";
import type { EngineContext, OperationRequest } from "../../context.ts";
import { forgetSnapshotIndexes } from "./index-paths.ts";
import { loadIndex } from "./index-upload.ts";
import { searchIndexedObjects, searchIndexedRows, type IndexedRow, type IndexedSearch } from "./indexed.ts";

const TENANT = "tenant-search/";
const OTHER_TENANT = "tenant-other/";
const cluster = { clusterId: 1n, incarnationId: 1n };
let tdb: TestDatabase;
let db: EngineDb;
let engine: EngineContext;
const groups: bigint[] = [];
const snaps: Record<string, bigint> = {};
const HOST_A = 301n;
const HOST_B = 302n;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["report-1", "Report_2", "100%", "notes", "photo", "a\\b", "level-17", "x_y"];
const EXTS = [".csv", ".txt", ".JPG", ".log"];
interface Entry { path: string; name: string; type: string; size?: number; mtime?: string }

/** The listing of snapshot number `k` (1-based) of one host: most paths, some only in some snapshots. */
function listing(k: number, seed: number, only: (i: number) => boolean = () => true): Entry[] {
  const rng = mulberry32(seed);
  const out: Entry[] = [];
  for (let d = 0; d < 4; d++) out.push({ path: `/home/u/d${d}`, name: `d${d}`, type: "dir" });
  for (let i = 0; i < 160; i++) {
    const keep = rng() < 0.75;
    if (!keep || !only(i)) continue;
    const name = `${NAMES[i % NAMES.length]}-${i}${EXTS[i % EXTS.length]}`;
    out.push({ path: `/home/u/d${i % 4}/${name}`, name, type: "file", size: i * 10 + k, ...(i % 5 ? { mtime: new Date(Date.UTC(2026, 0, k, 0, 0, i)).toISOString() } : {}) });
  }
  // A path that is a file in odd snapshots and a folder in even ones.
  out.push({ path: "/home/u/changes", name: "changes", type: k % 2 ? "file" : "dir", size: k });
  return out;
}

const ndjson = (entries: Entry[]) => Readable.from([Buffer.from(entries.map((e) => JSON.stringify(e)).join("\n"))]);

async function snapshot(name: string, groupSeq: bigint, objectId: bigint, ts: bigint, entries: Entry[], tenantId = TENANT) {
  const runId = (await db.protectionRun.create({ data: { groupSeq, runType: "kRegular", status: "Succeeded", startTimeUsecs: ts } })).id;
  const snap = await db.snapshot.create({ data: { runId, objectId, timestampUsecs: ts } });
  const task = await db.dataTask.create({ data: { tenantId, connectorId: 1n, type: "index", params: {}, snapshotId: snap.id } });
  await loadIndex(engine, task, ndjson(entries));
  snaps[name] = snap.id;
  return task;
}

/** Every page of the new search, each page's last row the keyset of the next, as one list. */
async function walk(q: Omit<IndexedSearch, "limit" | "after">, pageSize: number): Promise<IndexedRow[]> {
  const all: IndexedRow[] = [];
  let after: IndexedSearch["after"];
  for (;;) {
    const rows = await searchIndexedRows(db, { ...q, after, limit: pageSize + 1 });
    all.push(...rows.slice(0, pageSize));
    if (rows.length <= pageSize) return all;
    const last = rows[pageSize - 1]!;
    after = { path: last.path, objectId: last.objectId };
  }
}

type Filter = Pick<IndexedSearch, "searchString" | "types" | "objectIds"> & { groupIdx?: number[] };
const FILTERS: Filter[] = [];
for (const searchString of [undefined, "report", "REPORT-1", "_", "%", "\\", ".jpg", "d1/", "changes", "no-such-name"]) {
  for (const types of [undefined, ["file"], ["dir"], ["file", "symlink"]]) {
    for (const objectIds of [undefined, [HOST_A], [HOST_A, HOST_B]]) {
      for (const groupIdx of [undefined, [0], [1], [0, 1]]) FILTERS.push({ searchString, types, objectIds, groupIdx });
    }
  }
}
const resolve = ({ groupIdx, ...f }: Filter): Omit<IndexedSearch, "limit" | "after"> => ({ ...f, tenantId: TENANT, groupSeqs: groupIdx?.map((i) => groups[i]!) });

async function expectSameAsOracle(pageSize = 13) {
  for (const f of FILTERS) {
    const q = resolve(f);
    const expected = await referenceSearchRows(db, { ...q, limit: 100_000 });
    const got = await walk(q, pageSize);
    expect(got, JSON.stringify(f, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).toEqual(expected);
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase("engine_search");
  await applyMigrations(tdb.url);
  db = createEngineDb(tdb.url);
  for (const t of [TENANT, OTHER_TENANT]) await db.tenant.create({ data: { id: t } });
  const policy = await db.policy.create({ data: { tenantId: TENANT, name: "p", spec: {}, lastModificationTimeUsecs: 1n } });
  for (const name of ["g1", "g2"]) {
    groups.push((await db.protectionGroup.create({ data: { tenantId: TENANT, name, policySeq: policy.seq, environment: "kPhysical", spec: {}, lastModifiedTimestampUsecs: 1n } })).seq);
  }
  engine = { db, cluster, log: { warn: () => undefined } } as unknown as EngineContext;
  // Host A: three snapshots in g1 (the newest expired), one in g2; host B: two in g2.
  await snapshot("a1", groups[0]!, HOST_A, 1000n, listing(1, 11));
  await snapshot("a2", groups[0]!, HOST_A, 2000n, listing(2, 12, (i) => i < 140)); // 140..159 only in a1 (and maybe a3)
  await snapshot("a4", groups[1]!, HOST_A, 4000n, listing(4, 14, (i) => i % 3 !== 0));
  await snapshot("a3", groups[0]!, HOST_A, 3000n, [...listing(3, 13), { path: "/home/u/only-expired.txt", name: "only-expired.txt", type: "file", size: 1 }]);
  await db.snapshot.update({ where: { id: snaps.a3! }, data: { expiredAt: new Date() } });
  await snapshot("b1", groups[1]!, HOST_B, 1500n, listing(1, 21));
  await snapshot("b2", groups[1]!, HOST_B, 2500n, listing(2, 22, (i) => i >= 20));
  // Another tenant's copy of the same paths is never seen.
  const otherPolicy = await db.policy.create({ data: { tenantId: OTHER_TENANT, name: "p", spec: {}, lastModificationTimeUsecs: 1n } });
  const otherGroup = await db.protectionGroup.create({ data: { tenantId: OTHER_TENANT, name: "g", policySeq: otherPolicy.seq, environment: "kPhysical", spec: {}, lastModifiedTimestampUsecs: 1n } });
  await snapshot("other", otherGroup.seq, 303n, 9000n, listing(9, 31), OTHER_TENANT);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
});

describe("file search over IndexedPath", () => {
  it("gives the old query's rows in its order for every filter combination, page by page", async () => {
    await expectSameAsOracle();
    // Not vacuous: the generated index has what the cases are about.
    const all = await referenceSearchRows(db, { tenantId: TENANT, limit: 100_000 });
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((r) => r.snapshotId === snaps.a1)).toBe(true); // paths only the oldest snapshot holds
    expect(all.some((r) => r.snapshotId === snaps.a3)).toBe(false); // the expired snapshot is never offered
    expect((await walk({ tenantId: TENANT, searchString: "only-expired" }, 5))).toEqual([]);
    expect(await walk({ tenantId: TENANT, searchString: "changes", types: ["dir"] }, 5)).toMatchObject([{ snapshotId: snaps.a4, type: "dir" }, { snapshotId: snaps.b2, type: "dir" }]);
    expect(await walk({ tenantId: TENANT, searchString: "changes", types: ["file"] }, 5)).toMatchObject([{ snapshotId: snaps.a1, type: "file", size: 1n }, { snapshotId: snaps.b1, type: "file" }]);
  }, 120_000);

  it("pages through SearchIndexedObjects with its cookie: every (object, path) once, newest live version, same fields", async () => {
    const call = (body: object) => searchIndexedObjects({ ...engine, tenantId: TENANT }, { body: { objectType: "Files", ...body } } as unknown as OperationRequest);
    const seen: string[] = [];
    let cookie: string | undefined;
    let pages = 0;
    do {
      const page = await call({ count: 17, protectionGroupIds: [formatColonId(cluster, groups[1]!)], fileParams: { searchString: "/d" }, ...(cookie ? { paginationCookie: cookie } : {}) });
      seen.push(...page.files.map((f) => `${f.sourceInfo.id} ${f.path}/${f.name} ${f.snapshotId} ${f.sizeBytes ?? "-"} ${f.mtimeUsecs ?? "-"} ${f.type} ${f.protectionGroupName}`));
      cookie = page.paginationCookie;
      pages++;
    } while (cookie);
    const expected = await referenceSearchRows(db, { tenantId: TENANT, searchString: "/d", groupSeqs: [groups[1]!], limit: 100_000 });
    expect(seen).toEqual(
      expected.map((r) => `${r.objectId} ${r.dir}/${r.name} ${r.snapshotId} ${r.size ?? "-"} ${r.mtime ? r.mtime.getTime() * 1000 : "-"} ${r.type === "dir" ? "Directory" : "File"} g2`),
    );
    expect(new Set(seen.map((s) => s.split(" ").slice(0, 2).join(" "))).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(expected.length / 17));
    await expect(call({ paginationCookie: "not-a-cookie" })).rejects.toThrow(EngineError);
  });

  it("forgetting snapshots removes the paths no remaining snapshot holds, and only those", async () => {
    const onlyA1 = (await db.$queryRaw<{ path: string }[]>`
      SELECT path FROM "IndexedFile" WHERE "snapshotId" = ${snaps.a1} AND "objectId" = ${HOST_A}
      EXCEPT SELECT path FROM "IndexedFile" WHERE "snapshotId" <> ${snaps.a1} AND "objectId" = ${HOST_A}`).map((r) => r.path);
    expect(onlyA1.length).toBeGreaterThan(0);
    const before = await db.indexedPath.count({ where: { objectId: HOST_A } });
    await forgetSnapshotIndexes(db, [snaps.a1!]);
    expect(await db.indexedFile.count({ where: { snapshotId: snaps.a1! } })).toBe(0);
    expect(await db.indexedPath.count({ where: { objectId: HOST_A } })).toBe(before - onlyA1.length);
    expect(await db.indexedPath.count({ where: { objectId: HOST_A, path: { in: onlyA1 } } })).toBe(0);
    await expectSameAsOracle(29);
    // The expired snapshot forgotten too: its only path goes; what a2/a4 hold stays.
    await forgetSnapshotIndexes(db, [snaps.a3!]);
    expect(await db.indexedPath.count({ where: { path: "/home/u/only-expired.txt" } })).toBe(0);
    const distinct = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT DISTINCT "tenantId", path, "objectId" FROM "IndexedFile") k`;
    expect(BigInt(await db.indexedPath.count())).toBe(distinct[0]!.n);
    await expectSameAsOracle(29);
  }, 120_000);

  it("a re-sent index of a snapshot drops the paths only its earlier index had", async () => {
    const task = await snapshot("c1", groups[0]!, 304n, 5000n, [{ path: "/c/keep", name: "keep", type: "file" }, { path: "/c/drop", name: "drop", type: "file" }]);
    expect((await db.indexedPath.findMany({ where: { objectId: 304n }, orderBy: { path: "asc" } })).map((p) => p.path)).toEqual(["/c/drop", "/c/keep"]);
    await loadIndex(engine, task, ndjson([{ path: "/c/keep", name: "keep", type: "file", size: 2 }]));
    expect((await db.indexedPath.findMany({ where: { objectId: 304n } })).map((p) => p.path)).toEqual(["/c/keep"]);
    expect((await walk({ tenantId: TENANT, objectIds: [304n] }, 5)).map((r) => [r.path, r.size])).toEqual([["/c/keep", 2n]]);
  });
});

describe("migration 20261127190000_indexed_path", () => {
  it("backfills IndexedPath from the rows indexed before it", async () => {
    const mdb = await createTestDatabase("engine_search_migration");
    const client = new pg.Client({ connectionString: mdb.url });
    await client.connect();
    try {
      const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");
      const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
      const target = names.indexOf("20261127190000_indexed_path");
      for (const name of names.slice(0, target)) await client.query(await readFile(path.join(dir, name, "migration.sql"), "utf8"));
      await client.query(`INSERT INTO "IndexedFile" ("tenantId", "snapshotId", "objectId", "groupSeq", path, dir, name, type)
        VALUES ('t/', 1, 5, 1, '/a/x', '/a', 'x', 'file'), ('t/', 2, 5, 1, '/a/x', '/a', 'x', 'file'),
               ('t/', 2, 5, 1, '/a/y', '/a', 'y', 'file'), ('t/', 3, 6, 1, '/a/x', '/a', 'x', 'file')`);
      await client.query(await readFile(path.join(dir, names[target]!, "migration.sql"), "utf8"));
      const { rows } = await client.query<{ path: string; objectId: string }>(`SELECT path, "objectId" FROM "IndexedPath" ORDER BY path, "objectId"`);
      expect(rows.map((r) => [r.path, r.objectId])).toEqual([["/a/x", "5"], ["/a/x", "6"], ["/a/y", "5"]]);
    } finally {
      await client.end();
      await mdb.drop();
    }
  });
});
