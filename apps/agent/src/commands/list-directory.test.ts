import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListDirectoryResultSchema } from "@lifeboat/agent-protocol";
import { listDirectory } from "./list-directory.ts";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "agent-ls-"));
  await fs.mkdir(path.join(dir, "zeta-dir"));
  await fs.mkdir(path.join(dir, "alpha-dir"));
  await fs.writeFile(path.join(dir, "b.txt"), "hello");
  await fs.writeFile(path.join(dir, "a.bin"), Buffer.alloc(1234));
  await fs.symlink("b.txt", path.join(dir, "link"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("listDirectory", () => {
  it("lists directories first, then entries by name, with file sizes", async () => {
    const result = await listDirectory(`${dir}/`);
    expect(result.status).toBe("Succeeded");
    const data = ListDirectoryResultSchema.parse(result.data);
    expect(data.path).toBe(dir);
    expect(data.truncated).toBe(false);
    expect(data.entries.map((e) => [e.name, e.type, e.sizeBytes])).toEqual([
      ["alpha-dir", "directory", undefined],
      ["zeta-dir", "directory", undefined],
      ["a.bin", "file", 1234],
      ["b.txt", "file", 5],
      ["link", "symlink", undefined],
    ]);
    expect(data.entries.every((e) => typeof e.mtimeMs === "number")).toBe(true);
  });

  it("caps the number of entries and says so", async () => {
    const data = ListDirectoryResultSchema.parse((await listDirectory(dir, 2)).data);
    expect(data.entries).toHaveLength(2);
    expect(data.truncated).toBe(true);
  });

  it("reports bad paths as Failed results naming the problem", async () => {
    expect(await listDirectory("relative/path")).toEqual({ status: "Failed", message: "path must be absolute: relative/path" });
    expect(await listDirectory(path.join(dir, "missing"))).toEqual({ status: "Failed", message: `no such directory: ${dir}/missing` });
    expect((await listDirectory(path.join(dir, "b.txt"))).message).toBe(`not a directory: ${dir}/b.txt`);
  });

  it("lists only the path asked: no '..', no '.' segments, no symbolic links followed", async () => {
    expect((await listDirectory(`${dir}/zeta-dir/../alpha-dir`)).message).toBe(`path must not contain "..": ${dir}/zeta-dir/../alpha-dir`);
    expect((await listDirectory(`${dir}/./alpha-dir`)).message).toMatch(/^path must be normalised/);
    expect((await listDirectory(`${dir}//alpha-dir`)).message).toMatch(/^path must be normalised/);
    await fs.symlink("alpha-dir", path.join(dir, "dir-link"));
    try {
      expect((await listDirectory(path.join(dir, "dir-link"))).message).toBe(
        `not listed: ${dir}/dir-link is or goes through a symbolic link (to ${dir}/alpha-dir)`,
      );
    } finally {
      await fs.rm(path.join(dir, "dir-link"));
    }
  });
});
