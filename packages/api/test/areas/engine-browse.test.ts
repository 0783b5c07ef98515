// recovery.browse and its REST route GET /api/v1/objects/{objectId}/snapshots/{snapshotId}/files
// against the real engine, a real agent and real restic: a file changes between two backups; each
// restore point's listing gives that point's size and mtime; a page of the REST door's cursor leads
// to the next; a relative path is a 400 naming `path`, an unknown snapshot and a missing folder are
// 404s with the engine's sentence.
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimiter } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startRestServer, type RestServer } from "../openapi/rest-server.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "./agent-process.ts";
import { bindWorkspace, trpcError } from "./helpers.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let agent: AgentProcess | undefined;
let rest: RestServer;
let tmp: string;

beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("areas_engine_browse"), startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1" })]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "engine-browse");
  rest = await startRestServer(() => ({ db: t.db, rateLimiter: createApiRateLimiter({ perToken: 1000, perUser: 1000, windowSeconds: 60 }) }));
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-browse-"));
}, 120_000);
afterAll(async () => {
  await agent?.stop();
  await rest?.close();
  await engine?.stop();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

type Page = { path: string; items: { name: string; type: string; sizeBytes?: number; mtimeUsecs?: number }[]; nextCursor: string | null };

describe("browsing any restore point through the BFF and the REST door", () => {
  it("lists each snapshot's own version of a changed file; pages by cursor; 400 and 404 say why", { timeout: 300_000 }, async () => {
    const admin = cast.caller("admin");
    const operator = cast.caller("operator");
    const viewer = cast.caller("viewer");
    const src = path.join(tmp, "data");
    await mkdir(path.join(src, "docs"), { recursive: true });
    await writeFile(path.join(src, "docs", "report.txt"), "first version\n");
    await Promise.all(Array.from({ length: 5 }, (_, i) => writeFile(path.join(src, `n${i}.txt`), "n")));
    const firstMtime = new Date("2026-02-01T10:00:00Z");
    await utimes(path.join(src, "docs", "report.txt"), firstMtime, firstMtime);

    const conn = await admin.connection.create({ connectionName: "browse-site" });
    const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
    const hostName = `api-browse-${process.pid}`;
    agent = await startAgentProcess(engine.url, registrationToken, hostName, { AGENT_RESTIC_CPUS: "1" });
    await waitFor("the agent's connector", async () => (await viewer.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected), 90_000);
    const source = await admin.source.create({
      registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
    });
    const objectId = source.sourceId!;
    const policy = await admin.policy.create({
      policy: { name: "browse-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } },
    });
    const group = await admin.protectionGroup.create({
      group: {
        name: "browse-group", policyId: policy.id!, environment: "kPhysical",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: objectId, filePaths: [{ includedPath: src }] }] } },
      },
    });
    const backup = async (n: number) => {
      await operator.protectionGroup.run.runNow({ groupId: group.id!, idempotencyKey: `browse-${n}-${Date.now()}` });
      await waitFor(`backup ${n}`, async () => {
        const runs = (await viewer.protectionGroup.run.list({ groupId: group.id! })).items;
        return runs.length === n && runs.every((r) => r.view.finished) ? runs : undefined;
      }, 120_000);
      return waitFor(`snapshot ${n} indexed`, async () => {
        const s = (await viewer.object.snapshots({ id: objectId })).items;
        return s.length === n && s.every((x) => x.indexingStatus === "Done") ? s : undefined;
      }, 90_000);
    };
    await backup(1);
    await writeFile(path.join(src, "docs", "report.txt"), "the second, longer version\n");
    const secondMtime = new Date("2026-02-08T10:00:00Z");
    await utimes(path.join(src, "docs", "report.txt"), secondMtime, secondMtime);
    const [newer, older] = await backup(2);

    const docs = path.join(src, "docs");
    const atOlder = await viewer.recovery.browse({ objectId, snapshotId: older!.id!, path: docs });
    expect(atOlder).toEqual({ path: docs, items: [{ name: "report.txt", type: "File", sizeBytes: 14, mtimeUsecs: firstMtime.getTime() * 1000 }], nextCursor: null });
    const atNewer = await viewer.recovery.browse({ objectId, snapshotId: newer!.id!, path: docs });
    expect(atNewer.items).toEqual([{ name: "report.txt", type: "File", sizeBytes: 27, mtimeUsecs: secondMtime.getTime() * 1000 }]);
    expect((await trpcError(viewer.recovery.browse({ objectId, snapshotId: older!.id!, path: "docs" }))).message).toMatch(/absolute folder path/);

    // The REST door: same listing, two pages by its cursor, errors with their status.
    const token = (await viewer.apiToken.create({ name: "browse-viewer", role: "viewer" })).token;
    const files = (snapshotId: string, query: string) => rest.call(`/objects/${objectId}/snapshots/${snapshotId}/files?${query}`, token);
    const first = await files(older!.id!, `path=${encodeURIComponent(src)}&limit=4`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as Page;
    expect(page1.items.map((e) => e.name)).toEqual(["docs", "n0.txt", "n1.txt", "n2.txt"]);
    expect(page1.items[0]).toMatchObject({ type: "Directory" });
    const page2 = (await (await files(older!.id!, `path=${encodeURIComponent(src)}&limit=4&cursor=${page1.nextCursor}`)).json()) as Page;
    expect(page2).toMatchObject({ items: [{ name: "n3.txt" }, { name: "n4.txt" }], nextCursor: null });

    const relative = await files(older!.id!, "path=data");
    expect(relative.status).toBe(400);
    expect(JSON.stringify(await relative.json())).toContain("path must be an absolute folder path");
    const unknown = await files("987654", `path=${encodeURIComponent(src)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain("snapshot 987654 of object");
    const missing = await files(older!.id!, `path=${encodeURIComponent(path.join(src, "gone"))}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toContain(`path ${path.join(src, "gone")} is not in snapshot ${older!.id}`);
  });
});
