// Issue 11 against the real engine, real agents and real restic: each host backs up into its own
// repository behind the engine's gateway; no agent can list, read or delete another host's
// repository, nor destroy its own backups; a made-up snapshot id is not believed; a second
// registration with a registered host's name takes nothing over; the engine's scheduled check
// shows a deleted pack file.
import { execFile } from "node:child_process";
import { readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_API_PREFIX } from "@lifeboat/agent-protocol";
import { startAgentProcess, waitFor, type AgentProcess } from "./helpers/agent-process.ts";
import { iamToken, rawCall } from "./helpers/engine-process.ts";
import { registerHost } from "./helpers/agent-sim.ts";
import { createPolicyAndGroup, startStack, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

const run = promisify(execFile);

interface RepositoryView {
  repositoryId: string;
  sourceId: number;
  storage: { kind: string; path?: string };
  check: { status: string; message?: string };
  reconcile: { orphanSnapshots: unknown[]; missingSnapshots: unknown[] };
}

let stack: Stack;
let agentB: AgentProcess;
let hostB: number;
let token: string;
const tenant = () => stack.engine.bootstrap.tenantId;
const ext = (p: string, init: RequestInit = {}) => rawCall(`${stack.engine.url}/lifeboat/v1${p}`, { ...init, token, tenantId: tenant() });
const agentToken = async (stateDir: string) => (JSON.parse(await readFile(path.join(stateDir, "state.json"), "utf8")) as { agentToken: string }).agentToken;
const gatewayUrl = (repositoryId: string, secret: string) => `${stack.engine.url.replace("://", `://agent:${encodeURIComponent(secret)}@`)}/repository/v1/${repositoryId}/`;

async function repositories(): Promise<RepositoryView[]> {
  const res = await ext("/repositories");
  expect(res.status).toBe(200);
  return (res.body as unknown as { repositories: RepositoryView[] }).repositories;
}

async function resticAs(location: string, args: string[], password: string) {
  try {
    const { stdout } = await run("restic", ["--no-cache", ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: stack.tmp, RESTIC_REPOSITORY: `rest:${location}`, RESTIC_PASSWORD: password },
    });
    return { ok: true, out: stdout };
  } catch (err) {
    return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) };
  }
}

beforeAll(async () => {
  stack = await startStack("hostrepo", { ENGINE_REPOSITORY_CHECK_READ_DATA_SUBSET: "100%" });
  token = (await iamToken(stack.engine.url, stack.engine.bootstrap.apiKey)).access_token;
  // A second real agent on a second "host" of the same connection.
  const conns = await stack.api.getDataSourceConnections({ query: {} });
  const connectionId = conns.connections![0]!.connectionId!;
  const regToken = await stack.api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId } });
  const stateB = path.join(stack.tmp, "agent-b-state");
  agentB = startAgentProcess({ ...stack.agentEnv, AGENT_REGISTRATION_TOKEN: regToken, AGENT_STATE_DIR: stateB, AGENT_HOME: path.join(stack.tmp, "agent-b-home"), AGENT_HOST_NAME: `${stack.hostName}-b` });
  await waitFor("agent B", async () => (await stack.api.getDataSourceConnectors({ query: {} })).connectors?.find((c) => c.hostName === `${stack.hostName}-b` && c.connectivityStatus?.isConnected), 90_000);
  const reg = await stack.api.registerProtectionSource({
    body: { environment: "kPhysical", dataSourceConnectionId: connectionId, physicalParams: { endpoint: `${stack.hostName}-b`, hostType: "kLinux" } },
  });
  hostB = reg.sourceId!;
}, 180_000);

afterAll(async () => {
  await agentB?.stop();
  await stack?.stop();
});

describe("host repositories behind the engine's gateway", () => {
  let groupA: string;
  let groupB: string;

  it("backs each host up into its own repository", async () => {
    await writeTree(path.join(stack.tmp, "data-a"), { "a.bin": 300_000, "sub/b.bin": 100_000 });
    await writeTree(path.join(stack.tmp, "data-b"), { "c.bin": 200_000 });
    const locked = { retention: { unit: "Days", duration: 14, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 7 } } };
    groupA = (await createPolicyAndGroup(stack, "repo-a", path.join(stack.tmp, "data-a"), locked)).group.id!;
    const policyB = await stack.api.createProtectionPolicy({
      body: { name: "repo-b", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } } as never,
    });
    groupB = (
      await stack.api.createProtectionGroup({
        body: {
          name: "repo-b", policyId: policyB.id!, environment: "kPhysical",
          physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostB, filePaths: [{ includedPath: path.join(stack.tmp, "data-b") }] }] } },
        },
      })
    ).id!;
    for (const g of [groupA, groupB]) {
      await stack.api.createProtectionGroupRun({ pathParams: { id: g }, body: { runType: "kRegular" } });
      const r = await waitRun(stack.api, g, undefined, 120_000);
      expect(r.localBackupInfo?.status).toBe("Succeeded");
    }
    const repos = await repositories();
    expect(repos.map((r) => r.sourceId).sort()).toEqual([stack.hostId, hostB].sort());
    expect(new Set(repos.map((r) => r.repositoryId)).size).toBe(2);
    for (const r of repos) expect(r.storage.path).toContain(path.join("hosts", r.repositoryId));
  }, 300_000);

  it("lets no agent list, read or delete another host's repository", async () => {
    const repos = await repositories();
    const repoA = repos.find((r) => r.sourceId === stack.hostId)!;
    const tokenB = await agentToken(path.join(stack.tmp, "agent-b-state"));
    const listing = await fetch(`${gatewayUrl(repoA.repositoryId, "x").replace(/agent:x@/, "")}snapshots/`, {
      headers: { authorization: `Basic ${Buffer.from(`agent:${tokenB}`).toString("base64")}` },
    });
    expect(listing.status).toBe(403);
    expect(((await listing.json()) as { message: string }).message).toMatch(/belongs to another host/);
    const files = await readdir(repoA.storage.path!, { recursive: true });
    const snapshotFile = files.find((f) => f.startsWith("snapshots/") && f.length > 20)!;
    const del = await fetch(`${gatewayUrl(repoA.repositoryId, "x").replace(/agent:x@/, "")}${snapshotFile}`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from(`agent:${tokenB}`).toString("base64")}` },
    });
    expect(del.status).toBe(403);
    const noCred = await fetch(`${gatewayUrl(repoA.repositoryId, "x").replace(/agent:x@/, "")}config`);
    expect(noCred.status).toBe(401);
    const unknown = await fetch(`${stack.engine.url}/repository/v1/${"0".repeat(32)}/config`, {
      headers: { authorization: `Basic ${Buffer.from(`agent:${tokenB}`).toString("base64")}` },
    });
    expect(unknown.status).toBe(404);
    expect((await readdir(repoA.storage.path!, { recursive: true })).sort()).toEqual(files.sort());
  });

  it("an agent's own restic forget --prune fails and the DataLocked snapshot stays", async () => {
    const repoA = (await repositories()).find((r) => r.sourceId === stack.hostId)!;
    const tokenA = await agentToken(stack.agentEnv.AGENT_STATE_DIR!);
    // The repository password travels in task commands only; an attacker on host A has it.
    const { repositoryId, password } = await stack.repository(stack.hostId);
    expect(repositoryId).toBe(repoA.repositoryId);
    const before = await resticAs(gatewayUrl(repoA.repositoryId, tokenA).slice(0), ["snapshots", "--json"], password);
    expect(before.ok).toBe(true);
    const ids = (JSON.parse(before.out) as { id: string }[]).map((s) => s.id);
    expect(ids).toHaveLength(1);
    const forget = await resticAs(gatewayUrl(repoA.repositoryId, tokenA), ["forget", "--prune", ids[0]!], password);
    expect(forget.ok).toBe(false);
    expect(forget.out).toMatch(/403|Forbidden/);
    const after = await resticAs(gatewayUrl(repoA.repositoryId, tokenA), ["snapshots", "--json"], password);
    expect((JSON.parse(after.out) as { id: string }[]).map((s) => s.id)).toEqual(ids);
    // The API path refuses too (DataLock, reference §Q 4).
    const runs = await stack.api.getProtectionGroupRuns({ pathParams: { id: groupA }, query: { numRuns: 1, startTimeUsecs: 0 } });
    const upd = await stack.api.updateProtectionGroupRun({
      pathParams: { id: groupA },
      body: { updateProtectionGroupRunParams: [{ runId: runs.runs![0]!.id!, localSnapshotConfig: { deleteSnapshot: true } }] },
    } as never);
    expect(JSON.stringify(upd)).toMatch(/DataLock/);
  }, 180_000);

  it("does not believe a made-up snapshot id", async () => {
    const regToken = await stack.api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: (await stack.api.getDataSourceConnections({ query: {} })).connections![0]!.connectionId! } });
    const liar = await registerHost(stack.engine.url, regToken, `${stack.hostName}-liar`);
    const reg = await stack.api.registerProtectionSource({
      body: { environment: "kPhysical", dataSourceConnectionId: liar.connectionId, physicalParams: { endpoint: `${stack.hostName}-liar`, hostType: "kLinux" } },
    });
    const policy = await stack.api.createProtectionPolicy({
      body: { name: "liar", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } } as never,
    });
    const group = await stack.api.createProtectionGroup({
      body: { name: "liar", policyId: policy.id!, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: reg.sourceId! }] } } },
    });
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const command = await waitFor("the backup command", async () => {
      const res = await fetch(`${stack.engine.url}${AGENT_API_PREFIX}/poll`, {
        method: "POST",
        // Behind a proxy: the command's gateway URL is where the agent reached the engine.
        headers: { "content-type": "application/json", authorization: `Bearer ${liar.agentToken}`, "x-forwarded-proto": "https", "x-forwarded-host": "agents.example:8443" },
        body: JSON.stringify({ waitSecs: 1 }),
      });
      const body = (await res.json()) as { commands: { type: string; taskId?: string; repository?: { config: { kind: string; url?: string } } }[] };
      return body.commands.find((c) => c.type === "backup");
    }, 60_000);
    expect(command.repository?.config).toMatchObject({ kind: "rest", url: expect.stringMatching(/^https:\/\/agents\.example:8443\/repository\/v1\/[0-9a-f]{32}\/$/) });
    const res = await fetch(`${stack.engine.url}${AGENT_API_PREFIX}/tasks/${command.taskId}/result`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${liar.agentToken}` },
      body: JSON.stringify({
        status: "Succeeded",
        warnings: [],
        data: { snapshotId: "deadbeef", filesNew: 1, filesChanged: 0, filesUnmodified: 0, bytesAdded: 1, totalFilesProcessed: 1, totalBytesProcessed: 1, durationSecs: 1 },
      }),
    });
    expect(res.status).toBe(204);
    const r = await waitRun(stack.api, group.id!);
    expect(r.localBackupInfo?.status).toBe("Failed");
    expect(JSON.stringify(r.objects)).toMatch(/no such snapshot/);
    const snaps = await stack.api.getObjectSnapshots({ pathParams: { id: reg.sourceId! }, query: {} } as never);
    expect((snaps as { snapshots?: unknown[] }).snapshots ?? []).toHaveLength(0);
  }, 120_000);

  it("a second registration with a registered host's name leaves that host's registration and backups working", async () => {
    const connectionId = (await stack.api.getDataSourceConnections({ query: {} })).connections![0]!.connectionId!;
    const regToken = await stack.api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId } });
    const impostor = await registerHost(stack.engine.url, regToken, stack.hostName);
    expect(impostor.connectorId).toBeTruthy();
    await stack.api.createProtectionGroupRun({ pathParams: { id: groupA }, body: { runType: "kRegular" } });
    const r = await waitRun(stack.api, groupA, undefined, 120_000);
    expect(r.localBackupInfo?.status).toBe("Succeeded");
  }, 180_000);

  it("checks each repository on request and shows a deleted pack file as a failed check", async () => {
    const repoB = (await repositories()).find((r) => r.sourceId === hostB)!;
    expect((await ext(`/repositories/${repoB.repositoryId}/check`, { method: "POST" })).status).toBe(202);
    const passed = await waitFor("a passed check", async () => {
      const v = (await ext(`/sources/${hostB}/repository`)).body as unknown as RepositoryView;
      return v.check.status === "Passed" ? v : undefined;
    }, 120_000);
    expect(passed.check.message).toMatch(/no errors/);
    const packs = (await readdir(path.join(repoB.storage.path!, "data"), { recursive: true })).filter((f) => /[0-9a-f]{64}$/.test(f));
    await unlink(path.join(repoB.storage.path!, "data", packs[0]!));
    expect((await ext(`/repositories/${repoB.repositoryId}/check`, { method: "POST" })).status).toBe(202);
    // restic retries reading the missing pack for about 45 s before it reports the damage.
    const failed = await waitFor("a failed check", async () => {
      const v = (await ext(`/sources/${hostB}/repository`)).body as unknown as RepositoryView;
      return v.check.status === "Failed" ? v : undefined;
    }, 240_000);
    expect(failed.check.message).toMatch(/does not exist|contains errors/);
  }, 420_000);
});
