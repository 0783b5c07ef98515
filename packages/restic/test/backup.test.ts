// Real restic against a local repository: the backup lifecycle the agent relies on — progress,
// deduplication, pause/resume, cancel and a killed process, each followed by `check`.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestic, ResticError, type BackupProgress, type Restic } from "../src/index.ts";
import { diskUsage, generateTree, processState, removeDir, sleep, tempDir, waitFor, type Tree } from "./fixtures.ts";

const PASSWORD = "correct horse battery staple 7f3a";
let work: string;
let tree: Tree;

beforeAll(async () => {
  work = await tempDir("backup");
  // ~210 MB of random data: a backup of it takes a few seconds, long enough to pause and cancel.
  tree = await generateTree(path.join(work, "data"), { big: 3, bigSize: 68 << 20, small: 300, depth: 6 });
});

afterAll(async () => {
  await removeDir(work);
});

let repoCount = 0;
async function freshRepo(): Promise<{ restic: Restic; repoPath: string }> {
  const base = path.join(work, `repo-${++repoCount}`);
  const restic = createRestic({
    repository: { kind: "local", path: path.join(base, "repo") },
    password: PASSWORD,
    cacheDir: path.join(base, "cache"),
  });
  expect(await restic.init()).toEqual({ created: true });
  return { restic, repoPath: path.join(base, "repo") };
}

describe("backup", () => {
  it("backs up a tree with live progress, lists the snapshot, and deduplicates the second run", async () => {
    const { restic } = await freshRepo();
    expect(await restic.init()).toEqual({ created: false }); // idempotent

    const progress: BackupProgress[] = [];
    const first = await restic.backup([tree.root], { tags: ["run-1", "lifeboat"], host: "host-a" }, (p) =>
      progress.push(p),
    ).done;

    expect(first.filesNew).toBe(tree.files.size);
    expect(first.totalBytesProcessed).toBe(tree.totalBytes);
    expect(first.bytesAdded).toBeGreaterThan(tree.totalBytes * 0.99); // random data: no dedup
    expect(first.warnings).toEqual([]);
    const withBytes = progress.filter((p) => p.bytesDone > 0);
    expect(withBytes.length).toBeGreaterThan(1);
    for (let i = 1; i < withBytes.length; i++) {
      expect(withBytes[i]!.bytesDone).toBeGreaterThanOrEqual(withBytes[i - 1]!.bytesDone);
    }
    expect(withBytes.at(-1)!.totalBytes).toBe(tree.totalBytes);

    const snapshots = await restic.snapshots({ tags: ["run-1"] });
    expect(snapshots.map((s) => s.id)).toEqual([expect.stringMatching(new RegExp(`^${first.snapshotId}`))]);
    expect(snapshots[0]).toMatchObject({ hostname: "host-a", paths: [tree.root], tags: ["run-1", "lifeboat"] });
    expect(await restic.snapshots({ host: "another-host" })).toEqual([]);

    const second = await restic.backup([tree.root], { host: "host-a" }).done;
    expect(second.filesUnmodified).toBe(tree.files.size);
    expect(second.filesNew + second.filesChanged).toBe(0);
    expect(second.bytesAdded).toBeLessThan(64 * 1024); // only new tree metadata

    // force re-reads every file, and still adds ~nothing: the content is deduplicated by restic.
    const full = await restic.backup([tree.root], { host: "host-a", force: true }).done;
    expect(full.totalBytesProcessed).toBe(tree.totalBytes);
    expect(full.bytesAdded).toBeLessThan(64 * 1024);
    expect((await restic.check()).ok).toBe(true);
  });

  it("pause really stops the transfer and resume completes it; the password is not in argv", async () => {
    const { restic, repoPath } = await freshRepo();
    let last: BackupProgress | undefined;
    let updates = 0;
    const handle = restic.backup([tree.root], {}, (p) => {
      last = p;
      updates++;
    });
    await waitFor(() => (last?.bytesDone ?? 0) > 8 << 20, 30_000, "first bytes uploaded");
    const cmdline = await fs.readFile(`/proc/${handle.pid}/cmdline`, "utf8");
    expect(cmdline).not.toContain(PASSWORD);
    expect(cmdline).toContain("backup");

    handle.pause();
    await sleep(300); // let writes already in the kernel settle
    expect(await processState(handle.pid!)).toBe("T");
    const bytesAtPause = last!.bytesDone;
    const updatesAtPause = updates;
    const repoAtPause = await diskUsage(repoPath);
    await sleep(1500);
    expect(await diskUsage(repoPath)).toBe(repoAtPause);
    expect(updates - updatesAtPause).toBeLessThanOrEqual(1); // at most one line already in the pipe
    expect(last!.bytesDone).toBe(bytesAtPause);
    expect(bytesAtPause).toBeLessThan(tree.totalBytes);

    handle.resume();
    const summary = await handle.done;
    expect(summary.totalBytesProcessed).toBe(tree.totalBytes);
    expect(last!.bytesDone).toBeGreaterThan(bytesAtPause);
    expect(await restic.snapshots()).toHaveLength(1);
  });

  it("cancel stops mid-run, leaves the repository consistent, and the next backup succeeds", async () => {
    const { restic } = await freshRepo();
    let bytes = 0;
    const handle = restic.backup([tree.root], {}, (p) => (bytes = p.bytesDone));
    await waitFor(() => bytes > 8 << 20, 30_000, "first bytes uploaded");
    handle.pause(); // cancelling a paused run must work too
    await handle.cancel();
    const err = await handle.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect(err).toMatchObject({ code: "cancelled", command: "backup" });
    expect(await restic.snapshots()).toEqual([]);
    expect((await restic.check()).ok).toBe(true);

    const next = await restic.backup([tree.root]).done;
    expect(next.totalBytesProcessed).toBe(tree.totalBytes);
    expect((await restic.check()).ok).toBe(true);
  });

  it("an AbortSignal cancels a run", async () => {
    const { restic } = await freshRepo();
    const controller = new AbortController();
    let bytes = 0;
    const handle = restic.backup([tree.root], { signal: controller.signal }, (p) => (bytes = p.bytesDone));
    await waitFor(() => bytes > 0, 30_000, "first bytes uploaded");
    controller.abort();
    await expect(handle.done).rejects.toMatchObject({ code: "cancelled" });
  });

  it("after kill -9: locked until unlock, rebuildIndex makes the next backup reuse what was uploaded", async () => {
    const { restic, repoPath } = await freshRepo();
    let bytes = 0;
    const handle = restic.backup([tree.root], {}, (p) => (bytes = p.bytesDone));
    // Kill only once at least one full pack (16 MiB) has landed in the repository.
    const dataDir = path.join(repoPath, "data");
    let uploaded = 0;
    while (uploaded < 16 << 20) {
      await sleep(100);
      uploaded = await diskUsage(dataDir, true);
      if (bytes >= tree.totalBytes) throw new Error("backup finished before it could be killed");
    }
    process.kill(handle.pid!, "SIGKILL");
    await expect(handle.done).rejects.toMatchObject({ code: "failed", exitCode: null });
    const orphaned = await diskUsage(dataDir, true);

    // check needs an exclusive lock: the dead process's lock is in the way until unlock.
    await expect(restic.check()).rejects.toMatchObject({ code: "locked", command: "check" });
    await restic.unlock();
    // restic 0.14 writes the index only at the end of a run: without rebuildIndex the uploaded
    // packs are orphaned (check reports them) and the next run would upload everything again.
    expect((await restic.check()).unreferencedPacks).toBeGreaterThan(0);
    await restic.rebuildIndex();

    const next = await restic.backup([tree.root]).done;
    expect(next.filesNew).toBe(tree.files.size);
    expect(next.bytesAdded).toBeLessThan(tree.totalBytes - orphaned * 0.9);
    expect(await restic.check()).toMatchObject({ ok: true, unreferencedPacks: 0 });
  });
});
