// Pause/resume/cancel of a running backup, the task queue, unreadable files, and an agent killed
// with SIGKILL mid-backup: real restic on temp dirs, the fake engine over HTTP.
//
// Every control lands while the transfer is provably in the middle, however fast or loaded the
// machine: restic reaches its repository through a gate (gated-repository.ts) that lets a set
// number of bytes through and then holds the next upload (or download) unanswered until the test
// releases it. The gate is a separate mechanism from the agent's pause (SIGSTOP/SIGCONT of restic):
// a SIGCONT cannot open it, and once it is open only the pause holds restic.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { BackupResultDataSchema } from "@lifeboat/agent-protocol";
import { startFakeEngine, waitFor, type FakeEngine } from "./fake-engine.ts";
import { makeTree, nextId, repositoryAt, resticAt, runTask, startAgent } from "./data-helpers.ts";
import { startGatedRepositoryServer, type GatedRepositoryServer } from "./gated-repository.ts";
import { killGroup, spawnAgentFromSource, tempDir, type AgentProcess } from "./helpers.ts";

const MiB = 1024 * 1024;
const DATA_BYTES = 64 * MiB;
let engine: FakeEngine;
let gate: GatedRepositoryServer;
let work: string;
let data: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  engine = await startFakeEngine();
  work = await tempDir("control");
  data = path.join(work, "data");
  // 64 MiB of incompressible data: several packs, so a transfer held at the gate has some behind
  // it and more to come.
  await makeTree(data, 32, 2 * MiB);
  gate = await startGatedRepositoryServer(work);
});

// Every test stops its agents: agents of one fake engine share its command queue.
afterEach(async () => {
  await gate.release();
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await gate?.close();
  await engine?.close();
  await fs.rm(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const duBytes = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
const backupCmd = (repo: string, taskId: string) => ({
  id: nextId("cmd"),
  taskId,
  type: "backup",
  repository: repositoryAt(path.join(work, repo)),
  runId: taskId,
  objectId: 1,
  paths: [data],
  host: "control-host",
});
const progressOf = (taskId: string) => engine.progress.get(taskId) ?? [];

async function control(taskId: string, action: "pause" | "resume" | "cancel") {
  const id = nextId(`ctl-${action}`);
  engine.queue({ id, type: "taskControl", taskId, action });
  await waitFor(`${action} acknowledged`, () => engine.results.has(id), 10_000);
  return engine.results.get(id)!;
}

/** An in-process agent whose restic goes through the gate. */
async function gatedAgent(tasks: { maxConcurrent?: number } = {}) {
  const agent = await startAgent(engine, { resticBin: gate.resticBin, tasks });
  // Run in reverse: the agent stops before its state folder goes.
  cleanups.push(() => fs.rm(agent.stateDir, { recursive: true, force: true }), () => agent.stop());
  onTestFailed(() => console.log(agent.lines.join("\n")));
  return agent;
}

/** Queues a backup, lets `afterBytes` of packs land, and waits until restic is held mid-transfer. */
async function heldBackup(repo: string, afterBytes = 8 * MiB): Promise<string> {
  const landedBefore = gate.landedDataBytes;
  gate.hold({ uploadsAfterBytes: afterBytes });
  const taskId = nextId("backup");
  engine.queue(backupCmd(repo, taskId));
  await waitFor("the backup held at the gate", () => gate.held > 0, 90_000);
  expect(gate.landedDataBytes - landedBefore).toBeGreaterThanOrEqual(afterBytes);
  expect(engine.taskResults.has(taskId)).toBe(false);
  return taskId;
}

describe("task control", () => {
  it("pauses a running backup (nothing moves), queues the next task meanwhile, and resumes to completion", async () => {
    await gatedAgent({ maxConcurrent: 1 });
    const taskId = await heldBackup("repo-pause");
    await waitFor("backup progress", () => progressOf(taskId).some((p) => p.state === "Running" && p.bytesDone > 0), 20_000);
    expect(await control(taskId, "pause")).toMatchObject({ status: "Succeeded", message: "paused" });

    // A second task waits in the queue (one task at a time here) and says so.
    const queuedId = nextId("check");
    engine.queue({ id: nextId("cmd"), taskId: queuedId, type: "check", repository: repositoryAt(path.join(work, "repo-other")) });
    await waitFor("queued progress", () => progressOf(queuedId).some((p) => p.state === "Queued"));

    // The gate answers the held upload: from here on only the pause holds restic, which has more
    // packs to send and would send the next one at once.
    await gate.release();
    await waitFor("the Paused progress", () => progressOf(taskId).at(-1)?.state === "Paused");
    const requestsBefore = gate.requests;
    const sizeBefore = duBytes(path.join(work, "repo-pause"));
    const postsBefore = progressOf(taskId).length;
    const bytesBefore = progressOf(taskId).at(-1)!.bytesDone;
    await sleep(2000);
    expect(gate.requests).toBe(requestsBefore); // restic sent nothing to its repository
    expect(duBytes(path.join(work, "repo-pause"))).toBe(sizeBefore);
    expect(engine.taskResults.has(taskId)).toBe(false);
    const whilePaused = progressOf(taskId).slice(postsBefore - 1);
    expect(whilePaused.every((p) => p.state === "Paused" && p.bytesDone === bytesBefore)).toBe(true);

    expect(await control(taskId, "resume")).toMatchObject({ status: "Succeeded", message: "resumed" });
    await waitFor("backup result", () => engine.taskResults.has(taskId), 120_000);
    expect(engine.taskResults.get(taskId)?.status).toBe("Succeeded");
    expect(gate.requests).toBeGreaterThan(requestsBefore);
    expect(BackupResultDataSchema.parse(engine.taskResults.get(taskId)?.data).totalFilesProcessed).toBe(32);
    // The queued task ran after the backup (its repository does not exist: a clear failure).
    await waitFor("queued task result", () => engine.taskResults.has(queuedId), 30_000);
    expect(engine.taskResults.get(queuedId)?.message).toContain("no restic repository at the configured location");
  }, 180_000);

  it("cancels a running backup: Canceled, no snapshot, and the repository checks clean", async () => {
    await gatedAgent();
    const taskId = await heldBackup("repo-cancel");
    expect(await control(taskId, "cancel")).toMatchObject({ status: "Succeeded" });
    await waitFor("cancel result", () => engine.taskResults.has(taskId), 30_000);
    expect(engine.taskResults.get(taskId)).toMatchObject({ status: "Canceled", message: "canceled" });
    await gate.release();
    expect(await resticAt(path.join(work, "repo-cancel")).snapshots()).toEqual([]);
    const check = await runTask(engine, { type: "check", repository: repositoryAt(path.join(work, "repo-cancel")) });
    expect(check).toMatchObject({ status: "Succeeded", data: { ok: true } });
  }, 180_000);

  it("cancels a running restore: Canceled, and no staging folder is left behind", async () => {
    await gatedAgent();
    const backup = await runTask(engine, backupCmd("repo-restore", nextId("backup")), 120_000);
    const snapshotId = BackupResultDataSchema.parse(backup.data).snapshotId;
    const target = path.join(work, "restore-cancel");
    const taskId = nextId("restore");
    gate.hold({ downloadsAfterBytes: 16 * MiB });
    engine.queue({ id: nextId("cmd"), taskId, type: "restore", repository: repositoryAt(path.join(work, "repo-restore")), recoveryId: "r", snapshotId, include: [data], target: { kind: "alternate", path: target } });
    await waitFor("the restore held at the gate", () => gate.held > 0, 60_000);
    // restic had restored part of the data into its staging folder.
    const staging = (await fs.readdir(target)).filter((n) => n.startsWith(".lifeboat-restore"));
    expect(staging).toHaveLength(1);
    expect(duBytes(path.join(target, staging[0]!))).toBeGreaterThan(0);
    expect(await control(taskId, "cancel")).toMatchObject({ status: "Succeeded" });
    await waitFor("restore result", () => engine.taskResults.has(taskId), 30_000);
    expect(engine.taskResults.get(taskId)).toMatchObject({ status: "Canceled", message: "canceled" });
    expect((await fs.readdir(target)).filter((n) => n.startsWith(".lifeboat-restore"))).toEqual([]);
  }, 180_000);

  it("holds an upgrade until the running backup ended, heartbeating meanwhile", async () => {
    const agent = await gatedAgent();
    const taskId = await heldBackup("repo-upgrade");
    await control(taskId, "pause");
    const upgradeId = nextId("upgrade");
    // A package the engine does not have: the upgrade fails once it runs, and the agent goes on.
    engine.queue({ id: upgradeId, type: "upgrade", taskId: "up-1", targetVersion: "9.9.9", packagePath: "/packages/missing.tgz", sha256: "0".repeat(64) });
    const beats = engine.heartbeats.length;
    await waitFor("heartbeats while the upgrade waits", () => engine.heartbeats.length >= beats + 2, 10_000);
    expect(engine.results.has(upgradeId)).toBe(false);
    expect(agent.lines.some((l) => l.includes("upgrade waits for 1 running task(s) to finish"))).toBe(true);
    await gate.release();
    await control(taskId, "resume");
    await waitFor("backup result", () => engine.taskResults.has(taskId), 120_000);
    await waitFor("upgrade result", () => engine.results.has(upgradeId), 20_000);
    expect(engine.taskResults.get(taskId)?.status).toBe("Succeeded");
    expect(engine.results.get(upgradeId)?.status).toBe("Failed");
  }, 180_000);

  it("on shutdown stops a running backup (SIGINT) and reports it Failed before exiting", async () => {
    const agent = await gatedAgent();
    const taskId = await heldBackup("repo-shutdown");
    await control(taskId, "pause"); // a stopped restic must still get the SIGINT
    await agent.stop();
    expect(engine.taskResults.get(taskId)).toMatchObject({ status: "Failed", message: "agent stopped during the task (agent shutting down)" });
    // restic removed its lock: an exclusive command works at once.
    expect((await resticAt(path.join(work, "repo-shutdown")).check()).ok).toBe(true);
  }, 180_000);
});

const nobody = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
const canDropPrivileges = process.getuid?.() === 0 && nobody.status === 0;

describe.skipIf(!canDropPrivileges)("unreadable files", () => {
  it("end the backup SucceededWithWarning with the files listed (restic runs as nobody)", async () => {
    const uid = Number(nobody.stdout.trim());
    const dir = await tempDir("unreadable");
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const src = path.join(dir, "src");
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, "public.txt"), "readable");
    await fs.writeFile(path.join(src, "secret.txt"), "not for nobody", { mode: 0o600 });
    const repo = path.join(dir, "repo");
    await fs.mkdir(repo);
    await fs.chown(repo, uid, uid);
    await fs.chmod(dir, 0o755); // mkdtemp makes 0700 folders: let nobody traverse
    const stateDir = path.join(dir, "state");
    await fs.mkdir(path.join(stateDir, "restic-cache"), { recursive: true });
    await fs.chown(path.join(stateDir, "restic-cache"), uid, uid);
    await fs.chmod(stateDir, 0o755);
    const other = await startFakeEngine();
    const agent = await startAgent(other, { stateDir, tasks: { restic: { runAs: { uid, gid: uid } } } });
    cleanups.push(() => agent.stop(), () => other.close());
    const result = await runTask(other, { type: "backup", repository: repositoryAt(repo), runId: "r", objectId: 1, paths: [src], host: "h" });
    expect(result.status).toBe("SucceededWithWarning");
    expect(result.warnings).toEqual([{ path: path.join(src, "secret.txt"), message: expect.stringContaining("permission denied") }]);
    expect(BackupResultDataSchema.parse(result.data).filesNew).toBe(1);
  });
});

describe("an agent killed mid-backup", () => {
  it("reports the task Failed after its restart; the next backup reuses the uploaded data and check is clean", async () => {
    const stateDir = await tempDir("killed");
    cleanups.push(() => fs.rm(stateDir, { recursive: true, force: true }));
    const env = { AGENT_ENGINE_URL: engine.url, AGENT_REGISTRATION_TOKEN: engine.registrationToken, AGENT_STATE_DIR: stateDir, AGENT_RESTIC_BIN: gate.resticBin };
    let agent: AgentProcess = await spawnAgentFromSource(env);
    cleanups.push(async () => killGroup(agent));
    onTestFailed(() => console.log(agent.lines.join("\n")));
    // Killed once 24 MiB of packs landed, so there is something to reuse, with more still to send.
    const taskId = await heldBackup("repo-kill", 24 * MiB);
    killGroup(agent); // SIGKILL to the agent and its restic: nothing gets to clean up
    await agent.exited;
    expect(engine.taskResults.has(taskId)).toBe(false);
    const orphaned = duBytes(path.join(work, "repo-kill", "data"));
    expect(orphaned).toBeGreaterThanOrEqual(24 * MiB);
    // The gate saw the killed restic go: its held upload never lands.
    await waitFor("the killed restic's upload dropped", () => gate.held === 0, 30_000);
    await gate.release();

    // A poll the dead agent left open would swallow the next command (the engine cannot tell).
    await waitFor("the dead agent's poll closed", () => engine.pendingPolls() === 0, 10_000);
    agent = await spawnAgentFromSource(env);
    // The next backup is queued at once: it may reach the agent before its first heartbeat.
    const next = runTask(engine, backupCmd("repo-kill", nextId("backup")), 120_000);
    await waitFor("Failed report after restart", () => engine.taskResults.has(taskId), 30_000);
    expect(engine.taskResults.get(taskId)).toMatchObject({ status: "Failed", message: expect.stringContaining("agent restarted during the task") });

    const nextResult = await next;
    expect(nextResult.status).toBe("Succeeded");
    const figures = BackupResultDataSchema.parse(nextResult.data);
    expect(figures.totalBytesProcessed).toBe(DATA_BYTES);
    // What the killed run uploaded was reused (rebuild-index after unlock), not sent again.
    expect(figures.bytesAdded).toBeLessThan(DATA_BYTES - orphaned * 0.9);
    expect(agent.lines.join("\n")).toContain("unlocking and rebuilding its index");
    // The killed restic's stale lock is gone too: an exclusive command from outside works at once.
    expect(await resticAt(path.join(work, "repo-kill")).check()).toMatchObject({ ok: true, unreferencedPacks: 0 });
    killGroup(agent);
  }, 240_000);
});
