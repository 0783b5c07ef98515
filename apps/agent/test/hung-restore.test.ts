// A restore that does not stop (issue 12 item 4): cancel ends it `Canceled` and frees its slot
// whatever it is stuck in, and a restore into /proc is refused. Real restic on temp dirs behind a
// wrapper that can make `restore` hang the two ways a stuck restore really does:
// - `ignore`: restic ignores SIGINT/SIGTERM (stuck writing to a dead mount): SIGKILL ends it;
// - `pipes`: beside that, a helper keeps restic's stdout/stderr open after restic is killed (as a
//   backend helper it started would), so the process never closes and the runner never returns:
//   the task manager abandons it.
// One task at a time: the backup queued behind the cancelled restore shows the slot came free.
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startFakeEngine, waitFor, type FakeEngine } from "./fake-engine.ts";
import { makeTree, nextId, repositoryAt, runTask, startAgent, type InProcessAgent } from "./data-helpers.ts";
import { tempDir } from "./helpers.ts";

let engine: FakeEngine;
let agent: InProcessAgent;
let work: string;
let data: string;
let repoDir: string;
let snapshotId: string;
const hangFile = () => path.join(work, "hang-mode");
const helperPidFile = () => path.join(work, "helper.pid");

beforeAll(async () => {
  engine = await startFakeEngine();
  work = await tempDir("hung");
  data = path.join(work, "data");
  repoDir = path.join(work, "repo");
  await makeTree(data, 3, 64 * 1024);
  const wrapper = path.join(work, "restic");
  await fs.writeFile(
    wrapper,
    [
      "#!/bin/sh",
      `mode=$(cat '${hangFile()}' 2>/dev/null)`,
      'for a in "$@"; do',
      '  if [ "$a" = restore ] && [ -n "$mode" ]; then',
      "    trap '' INT TERM",
      `    if [ "$mode" = pipes ]; then sleep 86400 & echo $! > '${helperPidFile()}'; fi`,
      "    exec sleep 86400",
      "  fi",
      "done",
      'exec restic "$@"',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  agent = await startAgent(engine, { resticBin: wrapper, tasks: { maxConcurrent: 1, abandonAfterMs: 8000 } });
  const first = await runTask(engine, backupCmd());
  expect(first.status, first.message).toBe("Succeeded");
  snapshotId = (first.data as { snapshotId: string }).snapshotId;
}, 120_000);

afterEach(async () => {
  await fs.rm(hangFile(), { force: true });
  // The helper of the `pipes` mode is ours: ended by its own pid.
  const pid = Number(readFileSync(helperPidFile(), { encoding: "utf8", flag: "a+" }).trim());
  if (pid > 0) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await fs.rm(helperPidFile(), { force: true });
});
afterAll(async () => {
  await agent?.stop();
  await engine?.close();
  await fs.rm(work, { recursive: true, force: true });
  if (agent) await fs.rm(agent.stateDir, { recursive: true, force: true });
});

const backupCmd = () => ({ type: "backup", repository: repositoryAt(repoDir), runId: nextId("run"), objectId: 1, paths: [data], host: "hung-host" });
const restoreCmd = (taskId: string, target: string) => ({
  id: nextId("cmd"),
  taskId,
  type: "restore",
  repository: repositoryAt(repoDir),
  recoveryId: taskId,
  snapshotId,
  include: [data],
  target: { kind: "alternate", path: target },
  overwrite: false,
  preserveAttributes: true,
});

async function control(taskId: string, action: "cancel") {
  const id = nextId(`ctl-${action}`);
  engine.queue({ id, type: "taskControl", taskId, action });
  await waitFor(`${action} acknowledged`, () => engine.results.has(id), 10_000);
  return engine.results.get(id)!;
}

/** Starts a hanging restore, cancels it once restic hangs, and queues a backup behind it. */
async function cancelHungRestore(mode: "ignore" | "pipes") {
  onTestFailed(() => console.log(agent.lines.join("\n")));
  await fs.writeFile(hangFile(), mode);
  const taskId = nextId("restore");
  const target = path.join(work, `target-${mode}`);
  engine.queue(restoreCmd(taskId, target));
  await waitFor("the restore to be running", () => (engine.progress.get(taskId) ?? []).some((p) => p.state === "Running"), 30_000);
  if (mode === "pipes") await waitFor("the helper to hold restic's pipes", () => readFileSync(helperPidFile(), { encoding: "utf8", flag: "a+" }).trim() !== "", 30_000);
  // Queued behind the restore: it can only run once the restore's slot is free.
  const next = nextId("backup");
  engine.queue({ ...backupCmd(), id: nextId("cmd"), taskId: next });
  await waitFor("the backup to queue", () => (engine.progress.get(next) ?? []).some((p) => p.state === "Queued"));
  expect(await control(taskId, "cancel")).toMatchObject({ status: "Succeeded" });
  await waitFor("the restore's result", () => engine.taskResults.has(taskId), 60_000);
  await waitFor("the queued backup's result", () => engine.taskResults.has(next), 60_000);
  return { restore: engine.taskResults.get(taskId)!, backup: engine.taskResults.get(next)!, target };
}

describe("a restore that hangs", () => {
  it("ignoring SIGINT: cancel kills restic, the restore ends Canceled, the queued backup runs", async () => {
    const o = await cancelHungRestore("ignore");
    expect(o.restore).toMatchObject({ status: "Canceled", message: "canceled" });
    expect(o.backup.status, o.backup.message).toBe("Succeeded");
    // The staging folder went with the cancel.
    expect((await fs.readdir(o.target)).filter((n) => n.startsWith(".lifeboat-restore"))).toEqual([]);
  }, 120_000);

  it("that never returns even after SIGKILL: the task is abandoned, ends Canceled saying so, and frees its slot", async () => {
    const o = await cancelHungRestore("pipes");
    expect(o.restore.status).toBe("Canceled");
    expect(o.restore.message).toContain("did not stop within 8 s and was abandoned");
    expect(o.backup.status, o.backup.message).toBe("Succeeded");
    expect(agent.lines.join("\n")).toContain("abandoned (its slot is free)");
  }, 120_000);

  it("into /proc: refused with a message before anything is created", async () => {
    const result = await runTask(engine, { ...restoreCmd(nextId("restore"), "/proc/lifeboat-restore") });
    expect(result.status).toBe("Failed");
    expect(result.message).toContain("restore target /proc/lifeboat-restore is under /proc, a kernel pseudo-filesystem");
  }, 60_000);
});
