// Reading a snapshot back: ls streams, dump (whole and ranged) is byte-exact, restore reproduces
// the tree, and forget + prune really removes a snapshot.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestic, type Restic, type SnapshotNode } from "../src/index.ts";
import { diskUsage, generateTree, hashFile, hashStream, removeDir, tempDir, writeRandomFile, type Tree } from "./fixtures.ts";
import { createHash } from "node:crypto";

let work: string;
let tree: Tree;
let restic: Restic;
let repoPath: string;
let snapshotId: string;

beforeAll(async () => {
  work = await tempDir("read");
  tree = await generateTree(path.join(work, "data"), { big: 1, bigSize: 12 << 20, small: 400, depth: 5 });
  repoPath = path.join(work, "repo");
  restic = createRestic({
    repository: { kind: "local", path: repoPath },
    password: "a-long-enough-password",
    cacheDir: path.join(work, "cache"),
  });
  await restic.init();
  snapshotId = (await restic.backup([tree.root]).done).snapshotId;
});

afterAll(async () => {
  await removeDir(work);
});

describe("reading snapshots", () => {
  it("ls streams every node of the snapshot as it arrives", async () => {
    const listing = restic.ls(snapshotId);
    expect(Symbol.asyncIterator in listing).toBe(true);
    const files = new Map<string, number | undefined>();
    let dirs = 0;
    for await (const node of listing) {
      if (node.type === "file") files.set(path.relative(tree.root, node.path), node.size);
      else if (node.type === "dir" && node.path.startsWith(`${tree.root}/`)) dirs++;
    }
    expect(files).toEqual(tree.files);
    expect(dirs).toBe(tree.dirs);
  });

  it("ls of a directory lists its children, and breaking out early stops restic", async () => {
    const top: SnapshotNode[] = [];
    for await (const node of restic.ls(snapshotId, { path: tree.root })) top.push(node);
    // restic lists the directory itself, then its direct children.
    expect(top.map((n) => n.name).sort()).toContain("big-0.bin");
    expect(top.every((n) => path.dirname(n.path) === tree.root || n.path === tree.root)).toBe(true);

    const deep: SnapshotNode[] = [];
    for await (const node of restic.ls(snapshotId, { path: tree.root, recursive: true })) {
      deep.push(node);
      if (deep.length === 5) break;
    }
    expect(deep).toHaveLength(5);
    // restic was stopped with its lock removed: an exclusive operation gets the repository.
    expect((await restic.check()).ok).toBe(true);
  });

  it("dump streams a file byte for byte, and ranged reads return exactly the requested slice", async () => {
    const file = path.join(tree.root, "big-0.bin");
    expect(await hashStream(restic.dump(snapshotId, file))).toEqual({
      sha256: await hashFile(file),
      bytes: tree.files.get("big-0.bin"),
    });

    const source = await fs.readFile(file);
    const ranges = [
      { offset: 0, length: 1000 },
      { offset: 5_000_123, length: 3_000_000 },
      { offset: source.length - 10, length: 100 }, // runs past the end: truncated, like HTTP
      { offset: 7 << 20 }, // to the end
      { offset: 42, length: 0 },
    ];
    for (const range of ranges) {
      const want = source.subarray(range.offset, range.length === undefined ? undefined : range.offset + range.length);
      const got = await hashStream(restic.dump(snapshotId, file, range));
      expect(got).toEqual({ sha256: createHash("sha256").update(want).digest("hex"), bytes: want.length });
    }
    // A consumer that walks away mid-file (a dropped download) stops restic cleanly too.
    const abandoned = restic.dump(snapshotId, file);
    await new Promise<void>((resolve) => abandoned.once("data", () => resolve()));
    abandoned.destroy();
    await new Promise((r) => abandoned.once("close", r));
    await expect.poll(async () => (await restic.check().catch((e: { code?: string }) => e.code)) === "locked" ? "locked" : "free", {
      timeout: 10_000,
    }).toBe("free");
  });

  it("dump of a path that is not in the snapshot fails with a clear error", async () => {
    const missing = path.join(tree.root, "no-such-file");
    await expect(hashStream(restic.dump(snapshotId, missing))).rejects.toMatchObject({
      code: "failed",
      command: "dump",
      message: expect.stringContaining("not found in snapshot"),
    });
  });

  it("restore to another folder reproduces every file", async () => {
    const target = path.join(work, "restored");
    const progress: string[] = [];
    await restic.restore(snapshotId, { target }, (p) => progress.push(p.phase));
    expect(progress.at(-1)).toBe("done");
    // restic recreates the absolute path of the backed-up folder below the target.
    const restoredRoot = path.join(target, tree.root);
    for (const rel of tree.files.keys()) {
      expect(await hashFile(path.join(restoredRoot, rel)), rel).toBe(await hashFile(path.join(tree.root, rel)));
    }

    const partial = path.join(work, "partial");
    await restic.restore(snapshotId, { target: partial, include: ["big-0.bin"] });
    expect(await hashFile(path.join(partial, tree.root, "big-0.bin"))).toBe(await hashFile(path.join(tree.root, "big-0.bin")));
    await expect(fs.stat(path.join(partial, tree.root, "d0-0"))).rejects.toMatchObject({ code: "ENOENT" });
    await removeDir(target);
    await removeDir(partial);
  });

  it("forget + prune removes a snapshot and frees its data", async () => {
    const extra = path.join(work, "extra");
    await writeRandomFile(path.join(extra, "only-here.bin"), 4 << 20);
    const extraSnapshot = (await restic.backup([extra], { tags: ["extra"] }).done).snapshotId;
    const before = await diskUsage(repoPath);

    const result = await restic.forget({ snapshotIds: [extraSnapshot, "deadbeef"] }, { prune: true });
    expect(result).toEqual({ removed: [extraSnapshot], kept: [], notFound: ["deadbeef"] });
    expect((await restic.snapshots()).map((s) => s.shortId)).toEqual([snapshotId]);
    expect(before - (await diskUsage(repoPath))).toBeGreaterThan(3.5 * (1 << 20));

    // A retention policy reports what it keeps and removes.
    const again = (await restic.backup([tree.root]).done).snapshotId;
    const policy = await restic.forget({ keepLast: 1 }, { prune: false });
    expect(policy.kept.map((id) => id.slice(0, 8))).toEqual([again]);
    expect(policy.removed.map((id) => id.slice(0, 8))).toEqual([snapshotId]);
    expect((await restic.check({ readDataSubset: "10%" })).ok).toBe(true);
    await removeDir(extra);
  });
});
