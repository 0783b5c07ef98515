// Cancel of a recovery through the REST door (issue 12 item 4), against the real engine, a real agent
// process and real restic. The agent's restic goes through a wrapper that makes `restore` hang and
// ignore SIGINT/SIGTERM (as restic stuck on a dead mount): the cancel still ends the recovery
// Canceled, the portal answers the recovery as it is at once (Canceling or already Canceled), a
// second cancel and a cancel of a finished recovery are 409 with the engine's sentence, and a viewer
// token is refused with 403.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimiter } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "../areas/agent-process.ts";
import { bindWorkspace } from "../areas/helpers.ts";
import { startRestServer, type RestServer } from "./rest-server.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let rest: RestServer;
let agent: AgentProcess | undefined;
let tmp: string;
let operatorToken: string;
let viewerToken: string;
let hostId: number;
let snapshotId: string;
let src: string;
const hangFile = () => path.join(tmp, "hang-restores");
const rateLimiter = createApiRateLimiter({ perToken: 1000, perUser: 1000, windowSeconds: 60 });

type Recovery = { id: string; status: string; messages?: string[]; view: { status: string | null; finished: boolean } };
const json = async <T>(response: Response) => (await response.json()) as T;

beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("rest_recovery_cancel"), startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1" })]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "rest-cancel");
  rest = await startRestServer(() => ({ db: t.db, rateLimiter }));
  operatorToken = (await cast.caller("operator").apiToken.create({ name: "cancel-operator", role: "operator" })).token;
  viewerToken = (await cast.caller("viewer").apiToken.create({ name: "cancel-viewer", role: "viewer" })).token;
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-cancel-"));
  src = path.join(tmp, "data");
  await mkdir(src);
  await writeFile(path.join(src, "a.txt"), "restore me\n");
  const wrapper = path.join(tmp, "restic");
  await writeFile(
    wrapper,
    ["#!/bin/sh", `for a in "$@"; do if [ "$a" = restore ] && [ -e '${hangFile()}' ]; then trap '' INT TERM; exec sleep 86400; fi; done`, 'exec restic "$@"', ""].join("\n"),
    { mode: 0o755 },
  );

  const admin = cast.caller("admin");
  const conn = await admin.connection.create({ connectionName: "cancel-site" });
  const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
  const hostName = `api-cancel-${process.pid}`;
  agent = await startAgentProcess(engine.url, registrationToken, hostName, { AGENT_RESTIC_BIN: wrapper, AGENT_RESTIC_CPUS: "1" });
  await waitFor("the agent's connector", async () => (await admin.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected), 90_000);
  hostId = (await admin.source.create({ registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } } })).sourceId!;
  const policy = await admin.policy.create({
    policy: { name: "cancel-policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } },
  });
  const group = await admin.protectionGroup.create({
    group: {
      name: "cancel-group",
      policyId: policy.id!,
      environment: "kPhysical",
      physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: [{ includedPath: src }] }] } },
    },
  });
  await cast.caller("operator").protectionGroup.run.runNow({ groupId: group.id! });
  const snapshot = await waitFor("the first snapshot", async () => (await admin.object.snapshots({ id: hostId })).items[0], 120_000);
  snapshotId = snapshot.id!;
}, 300_000);
afterAll(async () => {
  await agent?.stop();
  await rest?.close();
  await engine?.stop();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const recoveryBody = (name: string) => ({
  recovery: {
    name,
    snapshotEnvironment: "kPhysical",
    physicalParams: {
      objects: [{ snapshotId }],
      recoveryAction: "RecoverFiles",
      recoverFileAndFolderParams: {
        targetEnvironment: "kPhysical",
        filesAndFolders: [{ absolutePath: path.join(src, "a.txt") }],
        physicalTargetParams: { recoverTarget: { id: hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: path.join(tmp, `restored-${name}`) },
      },
    },
  },
});

const start = async (name: string) => {
  const created = await rest.call("/recoveries", operatorToken, { method: "POST", body: JSON.stringify(recoveryBody(name)) });
  expect(created.status).toBe(200);
  return json<Recovery>(created);
};
const get = async (id: string) => json<Recovery>(await rest.call(`/recoveries/${encodeURIComponent(id)}`, viewerToken));
const cancel = (id: string, token = operatorToken) => rest.call(`/recoveries/${encodeURIComponent(id)}/cancel`, token, { method: "POST", body: "{}" });

describe("cancel of a recovery through /api/v1", () => {
  it("ends a restore whose restic hangs on its target Canceled; a second cancel is 409; a viewer gets 403", { timeout: 180_000 }, async () => {
    await writeFile(hangFile(), "");
    const recovery = await start("hung");
    await waitFor("the restore to run", async () => ((await get(recovery.id)).status === "Running" ? true : undefined), 60_000);

    const refused = await cancel(recovery.id, viewerToken);
    expect(refused.status).toBe(403);

    const answer = await cancel(recovery.id);
    expect(answer.status).toBe(200);
    expect(["Canceling", "Canceled"]).toContain((await json<Recovery>(answer)).status);
    const again = await cancel(recovery.id);
    // Still Canceling (409 "being canceled already") or already Canceled (409 "is not running").
    expect(again.status).toBe(409);
    expect((await json<{ message: string }>(again)).message).toMatch(/^Upstream: recovery .* (is being canceled already|is not running)/);

    const ended = await waitFor("the recovery to end", async () => {
      const r = await get(recovery.id);
      return r.view.finished ? r : undefined;
    }, 60_000);
    expect(ended.status).toBe("Canceled");
    expect(ended.messages).toEqual(["canceled"]);
  });

  it("refuses to cancel a recovery that already ended with 409 and the engine's sentence", { timeout: 120_000 }, async () => {
    await rm(hangFile(), { force: true });
    const recovery = await start("done");
    const ended = await waitFor("the recovery to end", async () => {
      const r = await get(recovery.id);
      return r.view.finished ? r : undefined;
    }, 90_000);
    expect(ended.status).toBe("Succeeded");
    const refused = await cancel(recovery.id);
    expect(refused.status).toBe(409);
    const body = await json<{ code: string; message: string }>(refused);
    expect(body.code).toBe("CONFLICT");
    expect(body.message).toContain(`recovery ${recovery.id} is not running (Succeeded); only a running recovery can be canceled`);
  });
});
