import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { moveTree, type MoveStats } from "./restore-move.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function setup() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-move-"));
  dirs.push(root);
  const src = path.join(root, "staging", "data");
  const dst = path.join(root, "data");
  await fs.mkdir(path.join(src, "sub"), { recursive: true });
  await fs.writeFile(path.join(src, "a.txt"), "from snapshot a");
  await fs.writeFile(path.join(src, "sub", "b.txt"), "from snapshot b");
  await fs.chmod(path.join(src, "a.txt"), 0o640);
  await fs.mkdir(dst);
  await fs.writeFile(path.join(dst, "a.txt"), "local a");
  await fs.writeFile(path.join(dst, "untouched.txt"), "local only");
  return { src, dst };
}
const fresh = (): MoveStats => ({ filesRestored: 0, bytesRestored: 0, skipped: [], skippedCount: 0 });

describe("moveTree", () => {
  it("without overwrite keeps existing files, adds missing ones and leaves other files alone", async () => {
    const { src, dst } = await setup();
    const stats = fresh();
    await moveTree(src, dst, { overwrite: false, preserveAttributes: true }, stats);
    expect(await fs.readFile(path.join(dst, "a.txt"), "utf8")).toBe("local a");
    expect(await fs.readFile(path.join(dst, "sub", "b.txt"), "utf8")).toBe("from snapshot b");
    expect(await fs.readFile(path.join(dst, "untouched.txt"), "utf8")).toBe("local only");
    expect(stats).toEqual({ filesRestored: 1, bytesRestored: 15, skipped: [path.join(dst, "a.txt")], skippedCount: 1 });
  });

  it("with overwrite replaces files; without preserved attributes they get the default mode", async () => {
    const { src, dst } = await setup();
    const stats = fresh();
    await moveTree(src, dst, { overwrite: true, preserveAttributes: false }, stats);
    expect(await fs.readFile(path.join(dst, "a.txt"), "utf8")).toBe("from snapshot a");
    expect((await fs.stat(path.join(dst, "a.txt"))).mode & 0o777).toBe(0o666 & ~process.umask());
    expect(stats.filesRestored).toBe(2);
  });

  it("never replaces a folder that stands where the snapshot has a file", async () => {
    const { src, dst } = await setup();
    await fs.rm(path.join(dst, "a.txt"));
    await fs.mkdir(path.join(dst, "a.txt"));
    await fs.writeFile(path.join(dst, "a.txt", "inside"), "keep me");
    const stats = fresh();
    await moveTree(src, dst, { overwrite: true, preserveAttributes: true }, stats);
    expect(await fs.readFile(path.join(dst, "a.txt", "inside"), "utf8")).toBe("keep me");
    expect(stats.skipped).toEqual([path.join(dst, "a.txt")]);
  });
});
