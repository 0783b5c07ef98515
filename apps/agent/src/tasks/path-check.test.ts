import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBoundedFs } from "./bounded-fs.ts";
import { checkPaths } from "./path-check.ts";

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "path-check-"));
  await fs.mkdir(path.join(tmp, "docs"));
  await fs.writeFile(path.join(tmp, "docs", "a.txt"), "a");
  await fs.symlink(path.join(tmp, "nowhere"), path.join(tmp, "dangling"));
  execFileSync("mkfifo", [path.join(tmp, "pipe")]);
});
afterAll(async () => fs.rm(tmp, { recursive: true, force: true }));

const bfs = createBoundedFs({ stepTimeoutMs: 10_000 });
const asRoot = process.getuid?.() === 0;

describe("checkPaths", () => {
  it("accepts folders, files, links (backed up as links) and special files that exist", async () => {
    const { checks, problems } = await checkPaths([path.join(tmp, "docs"), path.join(tmp, "docs", "a.txt"), path.join(tmp, "dangling"), path.join(tmp, "pipe")], bfs);
    expect(problems).toEqual([]);
    expect(checks.map((c) => c.type)).toEqual(["directory", "file", "symlink", "other"]);
  });

  it("names a path that does not exist, and one below a file", async () => {
    const missing = path.join(tmp, "gone");
    const below = path.join(tmp, "docs", "a.txt", "x");
    const { checks, problems } = await checkPaths([missing, path.join(tmp, "docs"), below], bfs);
    expect(problems).toEqual([`${missing} does not exist`, `${below} does not exist (a parent is not a folder)`]);
    // Retrying cannot make them appear: not transient (the backup fails the object at once).
    expect(checks.map((c) => c.transient)).toEqual([undefined, undefined, undefined]);
  });

  it.skipIf(asRoot)("names a folder the agent cannot read", async () => {
    const locked = path.join(tmp, "locked");
    await fs.mkdir(locked, { mode: 0o000 });
    const { problems } = await checkPaths([locked], bfs);
    expect(problems).toEqual([`${locked} cannot be read: permission denied`]);
  });

  it("does not wait for a cancelled check, and gives no verdict on the path", async () => {
    // A cancelled check abandons its step (as for a hung mount, seen through the signal) and says
    // nothing about the path: the task ends Canceled, not with a path problem.
    const controller = new AbortController();
    controller.abort();
    await expect(checkPaths([path.join(tmp, "docs")], createBoundedFs({ stepTimeoutMs: 10_000, signal: controller.signal }))).rejects.toThrow(
      `lstat ${path.join(tmp, "docs")} was abandoned: the task was cancelled`,
    );
  });
});
