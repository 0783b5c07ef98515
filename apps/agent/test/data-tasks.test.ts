// Data tasks end to end inside the agent: real restic on temp dirs, the protocol's HTTP against
// the fake engine (the real engine+agent flow is tested in apps/engine).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupResultDataSchema } from "@lifeboat/agent-protocol";
import { startFakeEngine, waitFor, type FakeEngine } from "./fake-engine.ts";
import { makeTree, nextId, repositoryAt, REPO_PASSWORD, resticAt, runTask, sha256, startAgent, type InProcessAgent } from "./data-helpers.ts";
import { tempDir } from "./helpers.ts";

let engine: FakeEngine;
let agent: InProcessAgent;
let work: string;
let data: string;
let repoDir: string;
let files: string[];
let snapshotId: string;

beforeAll(async () => {
  engine = await startFakeEngine();
  agent = await startAgent(engine);
  work = await tempDir("data-work");
  data = path.join(work, "data");
  repoDir = path.join(work, "repo");
  // 12 files of 1 MiB plus a small text file: enough for progress lines, quick to back up.
  files = await makeTree(data, 12, 1024 * 1024);
  await fs.writeFile(path.join(data, "notes.txt"), "restore me\n");
  files.push(path.join(data, "notes.txt"));
});

afterAll(async () => {
  await agent?.stop();
  // Neither the repository password nor any token reached the log.
  expect(agent.lines.join("\n")).not.toContain(REPO_PASSWORD);
  await engine?.close();
  await fs.rm(work, { recursive: true, force: true });
  await fs.rm(agent.stateDir, { recursive: true, force: true });
});

const backup = (extra: Record<string, unknown> = {}) =>
  runTask(engine, { type: "backup", repository: repositoryAt(repoDir), runId: "run-1", objectId: 7, paths: [data], host: "data-host", tags: ["pg-1"], ...extra });

describe("data tasks", () => {
  it("backs up a tree into a new repository with figures and progress; a second run adds almost nothing", async () => {
    const taskId = nextId("backup");
    const first = await backup({ taskId });
    expect(first.status).toBe("Succeeded");
    const figures = BackupResultDataSchema.parse(first.data);
    expect(figures).toMatchObject({ filesNew: files.length, filesChanged: 0, totalFilesProcessed: files.length });
    expect(figures.totalBytesProcessed).toBe(12 * 1024 * 1024 + 11);
    expect(figures.bytesAdded).toBeGreaterThan(12 * 1024 * 1024 * 0.9);
    snapshotId = figures.snapshotId;

    const posts = engine.progress.get(taskId) ?? [];
    expect(posts[0]).toMatchObject({ state: "Running", percentDone: 0 }); // the start, at once
    expect(posts.at(-1)).toMatchObject({ state: "Running", percentDone: 100, filesDone: files.length });
    // At most about once a second.
    // (The last one, flushed before the result, does not wait for the interval.)
    for (let i = 1; i < posts.length - 1; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThan(800);

    const second = await backup();
    const again = BackupResultDataSchema.parse(second.data);
    expect(second.status).toBe("Succeeded");
    expect(again).toMatchObject({ filesNew: 0, filesUnmodified: files.length });
    expect(again.bytesAdded).toBeLessThan(64 * 1024);
    const snapshots = await resticAt(repoDir).snapshots();
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]).toMatchObject({ hostname: "data-host", tags: ["pg-1"] });
  });

  it("restores chosen paths to another folder with identical bytes, and keeps an existing file when overwrite is off", async () => {
    const target = path.join(work, "restored");
    const notes = path.join(data, "notes.txt");
    const keptCopy = path.join(target, notes);
    await fs.mkdir(path.dirname(keptCopy), { recursive: true });
    await fs.writeFile(keptCopy, "local edit\n");
    const result = await runTask(engine, {
      type: "restore",
      repository: repositoryAt(repoDir),
      recoveryId: "rec-1",
      snapshotId,
      include: [path.join(data, "d1"), notes],
      target: { kind: "alternate", path: target },
      overwrite: false,
      preserveAttributes: false,
    });
    expect(result.status).toBe("Succeeded");
    expect(result.data).toMatchObject({ filesRestored: 4, filesSkipped: 1, skippedPaths: [keptCopy] });
    expect(await fs.readFile(keptCopy, "utf8")).toBe("local edit\n");
    for (const file of files.filter((f) => f.includes(`${path.sep}d1${path.sep}`))) {
      expect(await sha256(path.join(target, file))).toBe(await sha256(file));
    }
    // Only what was chosen came back, and no staging folder is left behind.
    expect(await fs.readdir(path.join(target, data))).toEqual(["d1", "notes.txt"]);
    expect((await fs.readdir(target)).filter((n) => n.startsWith(".lifeboat-restore"))).toEqual([]);

    const overwritten = await runTask(engine, {
      type: "restore",
      repository: repositoryAt(repoDir),
      recoveryId: "rec-2",
      snapshotId,
      include: [notes],
      target: { kind: "alternate", path: target },
      overwrite: true,
    });
    expect(overwritten.status).toBe("Succeeded");
    expect(await fs.readFile(keptCopy, "utf8")).toBe("restore me\n");
  });

  it("restores to the original path, replacing a changed file with the snapshot's bytes and mode", async () => {
    const notes = path.join(data, "notes.txt");
    const originalMode = (await fs.stat(notes)).mode & 0o777;
    await fs.writeFile(notes, "changed after the backup\n");
    await fs.chmod(notes, 0o600);
    const result = await runTask(engine, {
      type: "restore",
      repository: repositoryAt(repoDir),
      recoveryId: "rec-3",
      snapshotId,
      include: [notes],
      target: { kind: "original" },
    });
    expect(result).toMatchObject({ status: "Succeeded", data: { target: "original", filesRestored: 1, filesSkipped: 0 } });
    expect(await fs.readFile(notes, "utf8")).toBe("restore me\n");
    expect((await fs.stat(notes)).mode & 0o777).toBe(originalMode);
    expect((await fs.readdir(data)).filter((n) => n.startsWith(".lifeboat-restore"))).toEqual([]);
  });

  it("streams the snapshot's index as NDJSON with every entry", async () => {
    const taskId = nextId("index");
    const result = await runTask(engine, { type: "index", taskId, repository: repositoryAt(repoDir), snapshotId });
    expect(result.status).toBe("Succeeded");
    const entries = engine.indexUploads.get(taskId) ?? [];
    const expected: string[] = [];
    for await (const node of resticAt(repoDir).ls(snapshotId)) expected.push(node.path);
    expect(entries.map((e) => e.path)).toEqual(expected);
    expect(result.data).toMatchObject({ entries: expected.length });
    expect(entries.find((e) => e.path === files[0])).toMatchObject({ type: "file", size: 1024 * 1024 });
    expect(entries.find((e) => e.path === path.join(data, "d0"))).toMatchObject({ type: "dir", name: "d0" });
  });

  it("downloads a byte range of one file exactly", async () => {
    const taskId = nextId("content");
    const file = files[2]!;
    const result = await runTask(engine, {
      type: "content",
      taskId,
      repository: repositoryAt(repoDir),
      snapshotId,
      paths: [file],
      format: "raw",
      startOffset: 100_000,
      length: 300_000,
    });
    expect(result.status).toBe("Succeeded");
    const got = await fs.readFile(engine.contentFiles.get(taskId)!);
    const original = await fs.readFile(file);
    expect(got.equals(original.subarray(100_000, 400_000))).toBe(true);
  });

  it("downloads chosen files and folders as one zip with identical bytes", async () => {
    const taskId = nextId("zip");
    const notes = path.join(data, "notes.txt");
    const result = await runTask(engine, {
      type: "content",
      taskId,
      repository: repositoryAt(repoDir),
      snapshotId,
      paths: [path.join(data, "d2"), notes],
      format: "zip",
    });
    expect(result.status).toBe("Succeeded");
    const zip = engine.contentFiles.get(taskId)!;
    const listed = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n").sort();
    const d2 = files.filter((f) => f.includes(`${path.sep}d2${path.sep}`)).map((f) => path.relative(data, f));
    expect(listed).toEqual(["d2/", ...d2, "notes.txt"].sort());
    for (const name of [...d2, "notes.txt"]) {
      const bytes = execFileSync("unzip", ["-p", zip, name], { maxBuffer: 4 * 1024 * 1024 });
      expect(bytes.equals(await fs.readFile(path.join(data, name)))).toBe(true);
    }
  });

  it("stops restic when the engine refuses a download midway, and drops the result", async () => {
    const taskId = nextId("zip-refused");
    engine.givenUp.add(taskId);
    engine.queue({ id: nextId("cmd"), taskId, type: "content", repository: repositoryAt(repoDir), snapshotId, paths: [data], format: "zip" });
    await waitFor("the dropped result", () => agent.lines.some((l) => l.includes(`task ${taskId}: the engine gave the task up; result dropped`)), 30_000);
    // ps exits 1 when there is no child at all; only its output matters.
    const children = spawnSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" }).stdout.split("\n");
    expect(children.filter((c) => c.trim() === "restic")).toEqual([]);
    expect(engine.taskResults.has(taskId)).toBe(false);
  });

  it("forgets a snapshot (with prune) and a check of the repository is clean", async () => {
    const before = await resticAt(repoDir).snapshots();
    const victim = before.at(-1)!.id;
    const forgot = await runTask(engine, { type: "forget", repository: repositoryAt(repoDir), snapshotIds: [victim], prune: true });
    expect(forgot.status).toBe("Succeeded");
    expect(forgot.data).toMatchObject({ removed: [victim] });
    expect((await resticAt(repoDir).snapshots()).map((s) => s.id)).toEqual(before.slice(0, -1).map((s) => s.id));
    const checked = await runTask(engine, { type: "check", repository: repositoryAt(repoDir) });
    expect(checked).toMatchObject({ status: "Succeeded", data: { ok: true, unreferencedPacks: 0 } });
  });

  it("answers task controls for unknown tasks and invalid paths with clear messages", async () => {
    engine.queue({ id: "ctl-unknown", type: "taskControl", taskId: "no-such-task", action: "pause" });
    await waitFor("control result", () => engine.results.has("ctl-unknown"));
    expect(engine.results.get("ctl-unknown")).toMatchObject({ status: "Failed", message: "task no-such-task is not running on this agent" });
    const raw = await runTask(engine, { type: "content", repository: repositoryAt(repoDir), snapshotId, paths: [path.join(data, "d0")], format: "raw" });
    expect(raw).toMatchObject({ status: "Failed", message: `${path.join(data, "d0")} is a folder in the snapshot; download it as zip` });
    expect(engine.invalidRequests).toEqual([]);
  });
});

describe("without restic", () => {
  it("fails a backup with a clear message instead of crashing", async () => {
    const other = await startFakeEngine();
    const lonely = await startAgent(other, { resticBin: "/nonexistent/restic" });
    try {
      const result = await runTask(other, { type: "backup", repository: repositoryAt(path.join(work, "none")), runId: "r", objectId: 1, paths: [data], host: "h" });
      expect(result.status).toBe("Failed");
      expect(result.message).toContain("restic is not installed on this host (AGENT_RESTIC_BIN=/nonexistent/restic)");
    } finally {
      await lonely.stop();
      await other.close();
      await fs.rm(lonely.stateDir, { recursive: true, force: true });
    }
  });
});
