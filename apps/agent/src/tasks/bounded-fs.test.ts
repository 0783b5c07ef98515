import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import { constants } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bounded, createBoundedFs, FsStepError, restoreTargetProblem } from "./bounded-fs.ts";

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "bounded-fs-"));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A FIFO nobody reads: opening it for writing blocks in the kernel, a real hung fs step. */
async function fifo(name: string) {
  const p = path.join(tmp, name);
  execFileSync("mkfifo", [p]);
  // Opening the read end (non-blocking) releases the blocked writer's thread after the test.
  const release = async () => (await fs.open(p, constants.O_RDONLY | constants.O_NONBLOCK)).close();
  return { p, release };
}

describe("bounded fs steps", () => {
  it("gives a step's own answer when it comes in time", async () => {
    await expect(bounded("stat", "/x", async () => 42, { stepTimeoutMs: 1000 })).resolves.toBe(42);
    const enoent = Object.assign(new Error("nope"), { code: "ENOENT" });
    await expect(bounded("stat", "/x", () => Promise.reject(enoent), { stepTimeoutMs: 1000 })).rejects.toBe(enoent);
  });

  it("abandons an open that blocks in the kernel once its deadline passes, naming the step and path", async () => {
    const { p, release } = await fifo("hung-timeout");
    const bfs = createBoundedFs({ stepTimeoutMs: 200 });
    const error = await bfs.open(p, "w").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FsStepError);
    expect((error as FsStepError).failure).toBe("timeout");
    expect((error as FsStepError).message).toBe(`open ${p} did not finish within 200 ms; the file system there is not answering (a hung mount?)`);
    await release();
  });

  it("abandons a blocked step at once when the task is cancelled", async () => {
    const { p, release } = await fifo("hung-cancel");
    const controller = new AbortController();
    const bfs = createBoundedFs({ stepTimeoutMs: 600_000, signal: controller.signal });
    const pending = bfs.open(p, "w");
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ failure: "aborted", message: `open ${p} was abandoned: the task was cancelled` });
    // A cancelled task starts no further step.
    await expect(bfs.lstat(tmp)).rejects.toMatchObject({ failure: "aborted" });
    await release();
  });

  it("mkdirp creates missing folders one by one, accepts existing ones, and refuses a file in the way", async () => {
    const bfs = createBoundedFs({ stepTimeoutMs: 10_000 });
    const deep = path.join(tmp, "a", "b", "c");
    await bfs.mkdirp(deep);
    expect((await fs.stat(deep)).isDirectory()).toBe(true);
    await bfs.mkdirp(deep);
    await fs.writeFile(path.join(tmp, "file"), "x");
    await expect(bfs.mkdirp(path.join(tmp, "file", "sub"))).rejects.toMatchObject({ code: "ENOTDIR" });
  });

  it("mkdirp under /proc fails at once where fs.mkdir(recursive) spins forever", async () => {
    const bfs = createBoundedFs({ stepTimeoutMs: 10_000 });
    await expect(bfs.mkdirp("/proc/lifeboat-no-such/dir")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("rmTree removes a tree entry by entry", async () => {
    const bfs = createBoundedFs({ stepTimeoutMs: 10_000 });
    await fs.mkdir(path.join(tmp, "t", "u"), { recursive: true });
    await fs.writeFile(path.join(tmp, "t", "u", "f"), "x");
    await fs.symlink("/etc", path.join(tmp, "t", "link"));
    await bfs.rmTree(path.join(tmp, "t"));
    await expect(fs.lstat(path.join(tmp, "t"))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await fs.stat("/etc")).isDirectory()).toBe(true);
    await bfs.rmTree(path.join(tmp, "gone"));
  });
});

describe("restore targets on kernel pseudo-filesystems", () => {
  const bfs = createBoundedFs({ stepTimeoutMs: 10_000 });

  it.each([
    ["/proc/lifeboat/restore", "/proc"],
    ["/sys/kernel/x", "/sys"],
    ["/dev/shm/restore", "/dev"],
    ["/dev", "/dev"],
  ])("refuses %s", async (target, root) => {
    expect(await restoreTargetProblem(target, bfs)).toBe(
      `restore target ${target} is under ${root}, a kernel pseudo-filesystem: restoring there is refused; choose a folder on a real disk`,
    );
  });

  it("refuses a folder that leads into /proc through a symbolic link", async () => {
    await fs.symlink("/proc/self", path.join(tmp, "proc-link"));
    const problem = await restoreTargetProblem(path.join(tmp, "proc-link", "sub"), bfs);
    expect(problem).toMatch(/ is under \/proc, a kernel pseudo-filesystem/);
    expect(problem).toContain("through the symbolic link to /proc/");
  });

  it("accepts ordinary folders, existing or not, and paths that merely start with the same letters", async () => {
    expect(await restoreTargetProblem(tmp, bfs)).toBeNull();
    expect(await restoreTargetProblem(path.join(tmp, "not", "yet"), bfs)).toBeNull();
    expect(await restoreTargetProblem("/devices-backup/restore", bfs)).toBeNull();
  });
});
