// The save-time check of a protection group's paths (issue 12 item 5), against the real engine and
// a real agent process: a missing path is a warning with the agent's reason, an existing folder and
// an existing file are not; the group is saved all the same (a warning, never a block). With the
// host's agent stopped (offline) the save still succeeds and says the paths were not checked. The
// REST door returns the same warnings.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimiter } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startRestServer, type RestServer } from "../openapi/rest-server.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "./agent-process.ts";
import { bindWorkspace } from "./helpers.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let agent: AgentProcess | undefined;
let rest: RestServer;
let tmp: string;

beforeAll(async () => {
  [t, engine] = await Promise.all([
    openTestDb("areas_group_paths"),
    startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1", ENGINE_AGENT_OFFLINE_SECS: "5" }),
  ]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "group-paths");
  rest = await startRestServer(() => ({ db: t.db, rateLimiter: createApiRateLimiter({ perToken: 1000, perUser: 1000, windowSeconds: 60 }) }));
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-group-paths-"));
}, 120_000);
afterAll(async () => {
  await agent?.stop();
  await rest?.close();
  await engine?.stop();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("protection group save: its paths are checked through the agent", () => {
  it("warns about a missing path (not a folder or a file that exist), saves anyway, and says so when the host is offline", { timeout: 180_000 }, async () => {
    const admin = cast.caller("admin");
    const folder = path.join(tmp, "data");
    const file = path.join(folder, "one.txt");
    const missing = path.join(tmp, "not-there");
    await mkdir(folder);
    await writeFile(file, "x");

    const conn = await admin.connection.create({ connectionName: "paths-site" });
    const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
    const hostName = `api-paths-${process.pid}`;
    agent = await startAgentProcess(engine.url, registrationToken, hostName, { AGENT_RESTIC_CPUS: "1" });
    await waitFor("the agent's connector", async () => (await admin.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected), 90_000);
    const hostId = (await admin.source.create({ registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } } })).sourceId!;
    const policy = await admin.policy.create({
      policy: { name: "paths-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } },
    });
    const groupOf = (name: string, paths: string[]) => ({
      name,
      policyId: policy.id!,
      environment: "kPhysical" as const,
      physicalParams: { protectionType: "kFile" as const, fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: paths.map((includedPath) => ({ includedPath })) }] } },
    });

    const created = await admin.protectionGroup.create({ group: groupOf("paths-group", [folder, file, missing]) });
    expect(created.id).toBeTruthy();
    expect(created.pathWarnings).toEqual([{ sourceId: hostId, path: missing, message: `no such directory: ${missing}` }]);
    expect((await admin.protectionGroup.get({ id: created.id! })).name).toBe("paths-group"); // saved all the same

    const clean = await admin.protectionGroup.update({ id: created.id!, group: groupOf("paths-group", [folder, file]) });
    expect(clean.pathWarnings).toEqual([]);

    // The REST door answers the same warnings.
    const token = (await admin.apiToken.create({ name: "paths-admin", role: "admin" })).token;
    const viaRest = await rest.call("/protection-groups", token, { method: "POST", body: JSON.stringify({ group: groupOf("paths-rest", [missing]) }) });
    expect(viaRest.status).toBe(200);
    expect(((await viaRest.json()) as { pathWarnings: unknown }).pathWarnings).toEqual([{ sourceId: hostId, path: missing, message: `no such directory: ${missing}` }]);

    // The host's agent stops: the save is not blocked, and says the paths were not checked.
    await agent.stop();
    agent = undefined;
    await waitFor("the host to be offline", async () => ((await admin.connector.list({ connectionId: conn.connectionId! })).items.some((c) => c.connectivityStatus?.isConnected) ? undefined : true), 60_000);
    const offline = await admin.protectionGroup.update({ id: created.id!, group: groupOf("paths-group", [folder, missing]) });
    expect(offline.pathWarnings).toHaveLength(1);
    expect(offline.pathWarnings[0]).toMatchObject({ sourceId: hostId, path: null, message: expect.stringMatching(/^paths not checked: .*offline/) });
  });
});
