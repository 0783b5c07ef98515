// An engine restart loses no work, and a task an agent lost does not hang (issue 12 item 3), driven
// over the agent protocol by a simulated agent against the real engine process: a backup that was
// running when the engine restarted is accepted when the agent reports it afterwards (the run ends
// Succeeded with its snapshot); an agent whose poll no longer lists a task it was running gets that
// task failed at once, with a message; a task the agent never got is handed out again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { poll, registerHost, reportTask, resticBackupAs, type SimBackupCommand } from "./helpers/agent-sim.ts";
import { waitFor } from "./helpers/agent-process.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let engine: EngineProcess;
let api: ReturnType<EngineProcess["client"]>;
let agentToken: string;
let groupId: string;

/** The agent lists what it holds once a delivered task is older than this (engine HELD_GRACE_MS). */
const HELD_GRACE_MS = 10_000;
const running = { state: "Running", percentDone: 10, bytesDone: 100, filesDone: 1 };

beforeAll(async () => {
  engine = await startEngineProcess({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_TASK_TIMEOUT_SECS: "60" });
  api = engine.client();
  const conn = await api.createDataSourceConnection({ body: { connectionName: "reconcile" } });
  const agent = await registerHost(engine.url, conn.registrationToken!, "reconcile-host");
  agentToken = agent.agentToken;
  const reg = await api.registerProtectionSource({ body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: "reconcile-host" } } });
  const policy = await api.createProtectionPolicy({
    body: { name: "reconcile", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } } },
  });
  const group = await api.createProtectionGroup({
    body: { name: "reconcile", policyId: policy.id!, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: reg.sourceId!, filePaths: [{ includedPath: "/srv" }] }] } } },
  });
  groupId = group.id!;
}, 180_000);
afterAll(async () => engine?.stop());

/** Starts a run and takes its backup command from the poll. */
async function backupCommand(): Promise<SimBackupCommand & { taskId: string }> {
  await api.createProtectionGroupRun({ pathParams: { id: groupId }, body: { runType: "kRegular" } });
  return waitFor("the backup task in a poll answer", async () => (await poll(engine.url, agentToken)).find((c) => c.type === "backup") as (SimBackupCommand & { taskId: string }) | undefined);
}
const backupTask = async () => (await backupCommand()).taskId;

const newestRun = async () => (await api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { numRuns: 1, startTimeUsecs: 0, includeObjectDetails: true } })).runs![0]!;
const ended = (status: string) => ["Succeeded", "Failed", "Canceled"].includes(status);

describe("tasks across an engine restart and lost by an agent", () => {
  it("a backup that finishes while the engine restarts is accepted afterwards: the run ends Succeeded with its snapshot", { timeout: 180_000 }, async () => {
    const command = await backupCommand();
    const taskId = command.taskId;
    expect((await reportTask(engine.url, agentToken, taskId, "progress", running)).status).toBe(204);
    // The simulated agent's restic writes the snapshot into its host's repository (the engine's
    // gateway); its report reaches the engine only after the restart.
    const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-reconcile-data-"));
    await writeFile(path.join(dir, "file.txt"), "reconcile");
    const snapshotId = await resticBackupAs(command, agentToken, dir).finally(() => rm(dir, { recursive: true, force: true }));
    await engine.restart();
    api = engine.client();
    const result = {
      status: "Succeeded",
      warnings: [],
      data: { snapshotId, filesNew: 1, filesChanged: 0, filesUnmodified: 0, bytesAdded: 100, totalFilesProcessed: 1, totalBytesProcessed: 100, durationSecs: 1 },
    };
    const answer = await reportTask(engine.url, agentToken, taskId, "result", result);
    expect(answer.status, answer.text).toBe(204);
    const run = await waitFor("the run to end", async () => {
      const r = await newestRun();
      return ended(r.localBackupInfo!.status!) ? r : undefined;
    });
    expect(run.localBackupInfo!.status).toBe("Succeeded");
    const snapshots = (await api.getObjectSnapshots({ pathParams: { id: run.objects![0]!.object!.id! } })).snapshots ?? [];
    expect(snapshots.map((s) => s.runStartTimeUsecs)).toContain(run.localBackupInfo!.startTimeUsecs);
  });

  it("a backup the engine gave up whose snapshot is in the host's repository is adopted: the run ends Succeeded", { timeout: 180_000 }, async () => {
    const command = await backupCommand();
    expect((await reportTask(engine.url, agentToken, command.taskId, "progress", running)).status).toBe(204);
    const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-reconcile-data-"));
    await writeFile(path.join(dir, "late.txt"), "finished after the engine gave up");
    const snapshotId = await resticBackupAs(command, agentToken, dir).finally(() => rm(dir, { recursive: true, force: true }));
    // The agent's poll no longer lists the task (delivered long enough ago): the engine fails it.
    await new Promise((r) => setTimeout(r, HELD_GRACE_MS + 500));
    await poll(engine.url, agentToken, []);
    await waitFor("the run to fail", async () => ((await newestRun()).localBackupInfo!.status === "Failed" ? true : undefined));
    // Its report comes late: refused (409), and the reconcile it triggers finds the snapshot.
    const late = await reportTask(engine.url, agentToken, command.taskId, "result", {
      status: "Succeeded", warnings: [],
      data: { snapshotId, filesNew: 1, filesChanged: 0, filesUnmodified: 0, bytesAdded: 10, totalFilesProcessed: 1, totalBytesProcessed: 10, durationSecs: 1 },
    });
    expect(late.status).toBe(409);
    const run = await waitFor("the run adopted", async () => {
      const r = await newestRun();
      return r.localBackupInfo!.status === "Succeeded" ? r : undefined;
    }, 60_000);
    expect(JSON.stringify(run.objects)).toContain("was adopted from the host's repository");
    const snapshots = (await api.getObjectSnapshots({ pathParams: { id: run.objects![0]!.object!.id! } })).snapshots ?? [];
    expect(snapshots.map((s) => s.runStartTimeUsecs)).toContain(run.localBackupInfo!.startTimeUsecs);
  });

  it("a running task the agent's poll no longer lists fails at once, saying the agent lost it", { timeout: 120_000 }, async () => {
    const taskId = await backupTask();
    expect((await reportTask(engine.url, agentToken, taskId, "progress", running)).status).toBe(204);
    // Still listed: nothing happens, however old the delivery.
    await new Promise((r) => setTimeout(r, HELD_GRACE_MS + 500));
    await poll(engine.url, agentToken, [taskId]);
    expect((await newestRun()).localBackupInfo!.status).toBe("Running");
    // Gone from the list (the agent restarted without its record): the run fails now, not after a timeout.
    await poll(engine.url, agentToken, []);
    const run = await waitFor("the run to fail", async () => {
      const r = await newestRun();
      return ended(r.localBackupInfo!.status!) ? r : undefined;
    });
    expect(run.localBackupInfo!.status).toBe("Failed");
    expect(run.localBackupInfo!.messages?.join(" ")).toContain("agent reconcile-host no longer has this backup task");
    expect((await reportTask(engine.url, agentToken, taskId, "result", { status: "Succeeded", warnings: [] })).status).toBe(409);
  });

  it("a delivered task the agent never got is handed out again", { timeout: 120_000 }, async () => {
    const taskId = await backupTask();
    await new Promise((r) => setTimeout(r, HELD_GRACE_MS + 500));
    // The first poll reconciles (back to Pending); the same or the next one delivers it again.
    const again = await waitFor("the task handed out again", async () => (await poll(engine.url, agentToken, [])).find((c) => c.taskId === taskId));
    expect(again.type).toBe("backup");
    expect((await reportTask(engine.url, agentToken, taskId, "result", { status: "Canceled", message: "test over", warnings: [] })).status).toBe(204);
  });
});
