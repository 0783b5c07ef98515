// The file index load (PUT /tasks/{id}/index → loadIndex) against a real PostgreSQL: a large
// synthetic listing lands whole and searchable, nasty file names survive the COPY text format, a bad
// line is a 400 naming line and field and leaves the previous index untouched, a re-send replaces.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineDb, type EngineDb } from "../../db.ts";
import { EngineError } from "../../errors.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import { applyMigrations } from "../../migrate.ts";
import type { EngineContext, OperationRequest } from "../../context.ts";
import { loadIndex } from "./index-upload.ts";
import { fileVersions, searchIndexedObjects } from "./indexed.ts";

const ROWS = Number(process.env.INDEX_TEST_ROWS ?? 200_000);
const TENANT = "tenant-idx/";

let tdb: TestDatabase;
let db: EngineDb;
let engine: EngineContext;
let groupSeq: bigint;
let runId: bigint;

async function indexTask(objectId: bigint, timestampUsecs: bigint): Promise<DataTask> {
  const snap = await db.snapshot.create({ data: { runId, objectId, timestampUsecs } });
  return db.dataTask.create({ data: { tenantId: TENANT, connectorId: 1n, type: "index", params: {}, snapshotId: snap.id } });
}

function ndjson(lines: Iterable<string>): Readable {
  return Readable.from(
    (function* () {
      let chunk: string[] = [];
      for (const l of lines) {
        chunk.push(l);
        if (chunk.length === 500) {
          yield Buffer.from(`${chunk.join("\n")}\n`);
          chunk = [];
        }
      }
      if (chunk.length) yield Buffer.from(chunk.join("\n"));
    })(),
  );
}

function* synthetic(n: number) {
  for (let i = 0; i < n; i++) {
    const name = `file-${i}.dat`;
    yield JSON.stringify({ path: `/data/d${i % 97}/sub${i % 13}/${name}`, name, type: "file", size: i, mtime: "2026-01-02T03:04:05.678Z" });
  }
}

const search = (searchString: string, count = 100) =>
  searchIndexedObjects({ ...engine, tenantId: TENANT }, { body: { objectType: "Files", count, fileParams: { searchString } } } as unknown as OperationRequest);

beforeAll(async () => {
  tdb = await createTestDatabase("engine_index");
  await applyMigrations(tdb.url);
  db = createEngineDb(tdb.url);
  await db.tenant.create({ data: { id: TENANT } });
  const policy = await db.policy.create({ data: { tenantId: TENANT, name: "p", spec: {}, lastModificationTimeUsecs: 1n } });
  const group = await db.protectionGroup.create({ data: { tenantId: TENANT, name: "g", policySeq: policy.seq, environment: "kPhysical", spec: {}, lastModifiedTimestampUsecs: 1n } });
  groupSeq = group.seq;
  runId = (await db.protectionRun.create({ data: { groupSeq, runType: "kRegular", status: "Succeeded", startTimeUsecs: 1n } })).id;
  engine = { db, cluster: { clusterId: 1n, incarnationId: 1n }, log: { warn: () => undefined } } as unknown as EngineContext;
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
});

describe("loadIndex", () => {
  it(`loads ${ROWS} rows, all of them searchable`, async () => {
    const task = await indexTask(101n, 1000n);
    const started = process.hrtime.bigint();
    const n = await loadIndex(engine, task, ndjson(synthetic(ROWS)));
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`index load: ${ROWS} rows in ${secs.toFixed(2)} s = ${Math.round(ROWS / secs)} rows/s`);
    expect(n).toBe(ROWS);
    expect(await db.indexedFile.count({ where: { snapshotId: task.snapshotId! } })).toBe(ROWS);
    const last = ROWS - 1;
    const found = await search(`file-${last}.dat`);
    expect(found.files.map((f) => f.name)).toEqual([`file-${last}.dat`]);
    expect(found.files[0]!.path).toBe(`/data/d${last % 97}/sub${last % 13}`);
    expect(found.files[0]).toMatchObject({ snapshotId: task.snapshotId!.toString(), snapshotTimestampUsecs: 1000, sizeBytes: last, mtimeUsecs: Date.parse("2026-01-02T03:04:05.678Z") * 1000 });
    const versions = await fileVersions(engine, TENANT, 101n, `/data/d${last % 97}/sub${last % 13}/file-${last}.dat`);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ snapshotId: task.snapshotId!.toString(), sizeBytes: last, mtimeUsecs: Date.parse("2026-01-02T03:04:05.678Z") * 1000 });
  }, 600_000);

  it("keeps nasty file names byte for byte", async () => {
    const names = ["tab\there", "new\nline", "back\\slash", "\\N", 'quo"te\'s', "cr\rlf", "ünïcødé 文件 🚀", "semi;colon,comma", "x".repeat(250)];
    const entries = names.map((name, i) => ({ path: `/nasty/${"deep/".repeat(i === names.length - 1 ? 800 : 1)}${name}`, name, type: "file", size: i }));
    const task = await indexTask(102n, 2000n);
    expect(await loadIndex(engine, task, ndjson(entries.map((e) => JSON.stringify(e))))).toBe(entries.length);
    const rows = await db.indexedFile.findMany({ where: { snapshotId: task.snapshotId! }, orderBy: { size: "asc" } });
    expect(rows.map((r) => [r.path, r.name, r.dir])).toEqual(entries.map((e) => [e.path, e.name, e.path.slice(0, e.path.lastIndexOf("/"))]));
    expect(rows.every((r) => r.mtime === null)).toBe(true);
    const tab = (await search("tab\there")).files;
    expect(tab.map((f) => f.name)).toEqual(["tab\there"]);
    // Indexed without an mtime: the field is absent, not made up.
    expect(tab[0]).not.toHaveProperty("mtimeUsecs");
    expect(tab[0]).toMatchObject({ sizeBytes: 0, snapshotId: task.snapshotId!.toString() });
  });

  it("returns the newest version of a path with its size, mtime and snapshot; every version from fileVersions", async () => {
    const older = await indexTask(105n, 5000n);
    const newer = await indexTask(105n, 6000n);
    await loadIndex(engine, older, ndjson([JSON.stringify({ path: "/v/report.txt", name: "report.txt", type: "file", size: 10, mtime: "2026-03-01T00:00:00.000Z" })]));
    await loadIndex(engine, newer, ndjson([JSON.stringify({ path: "/v/report.txt", name: "report.txt", type: "file", size: 25, mtime: "2026-03-02T00:00:00.000Z" })]));
    const found = await search("report.txt");
    expect(found.files).toHaveLength(1);
    expect(found.files[0]).toMatchObject({
      name: "report.txt", path: "/v", type: "File", snapshotId: newer.snapshotId!.toString(), snapshotTimestampUsecs: 6000,
      sizeBytes: 25, mtimeUsecs: Date.parse("2026-03-02T00:00:00.000Z") * 1000,
    });
    const versions = await fileVersions(engine, TENANT, 105n, "/v/report.txt");
    expect(versions.map((v) => [v.snapshotId, v.snapshotTimestampUsecs, v.sizeBytes])).toEqual([
      [newer.snapshotId!.toString(), 6000, 25],
      [older.snapshotId!.toString(), 5000, 10],
    ]);

    // Once the newer snapshot expired, search offers the older version, and nothing once both did.
    await engine.db.snapshot.update({ where: { id: newer.snapshotId! }, data: { expiredAt: new Date() } });
    expect((await search("report.txt")).files.map((f) => [f.snapshotId, f.sizeBytes])).toEqual([[older.snapshotId!.toString(), 10]]);
    await engine.db.snapshot.update({ where: { id: older.snapshotId! }, data: { expiredAt: new Date() } });
    expect((await search("report.txt")).files).toEqual([]);
  });

  it("rejects a bad line with a 400 naming line and field, leaving the previous index whole", async () => {
    const task = await indexTask(103n, 3000n);
    await loadIndex(engine, task, ndjson(synthetic(3000)));
    const bad = [...synthetic(2500)];
    bad[2222] = JSON.stringify({ path: "/x", name: "x", type: "socket" });
    const err = await loadIndex(engine, task, ndjson(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).status).toBe(400);
    expect((err as EngineError).message).toMatch(/line 2223: type/);
    const notJson = await loadIndex(engine, task, ndjson(["{\"path\":\"/a\",\"name\":\"a\",\"type\":\"file\"}", "{oops"])).catch((e: unknown) => e);
    expect((notJson as EngineError).message).toMatch(/line 2: not JSON/);
    const badSize = await loadIndex(engine, task, ndjson([JSON.stringify({ path: "/a", name: "a", type: "file", size: -1 })])).catch((e: unknown) => e);
    expect((badSize as EngineError).message).toMatch(/line 1: size/);
    const nul = await loadIndex(engine, task, ndjson([JSON.stringify({ path: "/a\u0000b", name: "a\u0000b", type: "file" })])).catch((e: unknown) => e);
    expect((nul as EngineError).message).toMatch(/line 1: path/);
    expect(await db.indexedFile.count({ where: { snapshotId: task.snapshotId! } })).toBe(3000);
    // A re-sent index replaces the previous one.
    expect(await loadIndex(engine, task, ndjson(synthetic(10)))).toBe(10);
    expect(await db.indexedFile.count({ where: { snapshotId: task.snapshotId! } })).toBe(10);
  });

  it("answers a bad line over HTTP with the 400 while the rest of a large body is still unread", async () => {
    const task = await indexTask(104n, 4000n);
    const server = createServer((req, res) => {
      loadIndex(engine, task, req).then(
        (n) => res.writeHead(200).end(String(n)),
        (e: unknown) => res.writeHead(e instanceof EngineError ? e.status : 500).end((e as Error).message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const lines = ["{\"path\":\"/a\",\"name\":\"a\",\"type\":\"file\",\"size\":\"big\"}", ...synthetic(100_000)];
      const res = await fetch(url, { method: "PUT", body: Readable.toWeb(ndjson(lines)) as ReadableStream, duplex: "half" } as RequestInit);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe("index line 1: size: expected a non-negative integer");
      expect(await db.indexedFile.count({ where: { snapshotId: task.snapshotId! } })).toBe(0);
      const ok = await fetch(url, { method: "PUT", body: Readable.toWeb(ndjson(synthetic(5000))) as ReadableStream, duplex: "half" } as RequestInit);
      expect(await ok.text()).toBe("5000");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
