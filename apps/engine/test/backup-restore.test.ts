// Policy → group → run → snapshot → index → search → restore to another folder → zip download →
// single-file download (ranged), with the real engine, agent, restic and PostgreSQL.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { iamToken } from "./helpers/engine-process.ts";
import { createPolicyAndGroup, readAll, sha256File, startStack, waitRecovery, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

const run = promisify(execFile);
let stack: Stack;

beforeAll(async () => {
  stack = await startStack("restore");
}, 180_000);
afterAll(async () => stack?.stop());

describe("backup and recovery through the agent", () => {
  it("backs up, indexes, searches, restores elsewhere and downloads identical bytes", { timeout: 240_000 }, async () => {
    const { api } = stack;
    const src = path.join(stack.tmp, "data");
    await writeTree(src, { "big.bin": 12 * 1024 * 1024 + 123, "docs/report-2026.txt": 5000, "docs/notes.md": 300, "deep/a/b/c.dat": 70_000 });
    const { group } = await createPolicyAndGroup(stack, "restore-policy", src, {});

    expect(await api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } })).toEqual({ protectionGroupId: group.id });
    const done = await waitRun(api, group.id!);
    expect(done.localBackupInfo).toMatchObject({ status: "Succeeded", runType: "kRegular", successfulObjectsCount: 1, failedObjectsCount: 0 });
    const stats = done.localBackupInfo!.localSnapshotStats!;
    expect(stats.bytesRead).toBe(12 * 1024 * 1024 + 123 + 5000 + 300 + 70_000);
    expect(stats.bytesWritten).toBeGreaterThan(12 * 1024 * 1024); // random data: nothing deduplicates
    const info = done.objects![0]!.localSnapshotInfo!.snapshotInfo!;
    expect(info).toMatchObject({ status: "kSuccessful", totalFileCount: 4 });
    expect(info.endTimeUsecs!).toBeGreaterThanOrEqual(info.startTimeUsecs!);

    // A second run while none is active works; it is incremental (nothing new to write).
    await api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const second = await waitRun(api, group.id!, (s) => s === "Succeeded" || s === "Failed");
    expect(second.id).not.toBe(done.id);
    expect(second.localBackupInfo!.localSnapshotStats!.bytesWritten!).toBeLessThan(1024 * 1024);
    const all = await api.getProtectionGroupRuns({ pathParams: { id: group.id! }, query: { startTimeUsecs: 0 } });
    expect(all.totalRuns).toBe(2);
    // No SLA rule on this group: its runs never breach one, and the group filter says so.
    expect(second.localBackupInfo!.isSlaViolated).toBe(false);
    const groupIds = async (violated: boolean) =>
      ((await api.getProtectionGroups({ query: { isLastRunSlaViolated: violated } })).protectionGroups ?? []).map((g) => g.id);
    expect(await groupIds(true)).not.toContain(group.id);
    expect(await groupIds(false)).toContain(group.id);

    const snapshots = await waitFor("both snapshots indexed", async () => {
      const s = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots ?? [];
      return s.length === 2 && s.every((x) => x.indexingStatus === "Done") ? s : undefined;
    });
    const snapshotId = snapshots[1]!.id!; // the older one: restores read from the first run
    expect(snapshots[1]).toMatchObject({ protectionGroupId: group.id, protectionGroupRunId: done.id, environment: "kPhysical" });

    const found = await api.searchIndexedObjects({ body: { objectType: "Files", fileParams: { searchString: "report-20", types: ["File"] } } });
    expect(found.files).toEqual([expect.objectContaining({ name: "report-2026.txt", path: path.join(src, "docs"), type: "File", protectionGroupId: group.id })]);
    const page1 = await api.searchIndexedObjects({ body: { objectType: "Files", count: 2, fileParams: { searchString: src } } });
    const page2 = await api.searchIndexedObjects({ body: { objectType: "Files", count: 100, paginationCookie: page1.paginationCookie!, fileParams: { searchString: src } } });
    const names = [...page1.files!, ...page2.files!].map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["big.bin", "notes.md", "c.dat", "docs", "deep"]));

    // The per-file version list (Lifeboat extension outside /v2).
    const { access_token } = await iamToken(stack.engine.url, stack.engine.bootstrap.apiKey);
    const versions = await fetch(`${stack.engine.url}/lifeboat/v1/file-versions?objectId=${stack.hostId}&path=${encodeURIComponent(path.join(src, "big.bin"))}`, {
      headers: { authorization: `Bearer ${access_token}`, "x-ibm-tenant-id": stack.engine.bootstrap.tenantId },
    }).then((r) => r.json() as Promise<{ versions: { snapshotId: string; sizeBytes: number }[] }>);
    expect(versions.versions.map((v) => v.sizeBytes)).toEqual([12 * 1024 * 1024 + 123, 12 * 1024 * 1024 + 123]);

    // Restore to another folder of the same host: `<folder>/<original path>`, bytes identical.
    const target = path.join(stack.tmp, "restored");
    const recovery = await api.createRecovery({
      body: {
        name: "restore-docs", snapshotEnvironment: "kPhysical",
        physicalParams: {
          objects: [{ snapshotId }], recoveryAction: "RecoverFiles",
          recoverFileAndFolderParams: {
            targetEnvironment: "kPhysical",
            filesAndFolders: [{ absolutePath: path.join(src, "big.bin") }, { absolutePath: path.join(src, "docs"), isDirectory: true }],
            physicalTargetParams: { recoverTarget: { id: stack.hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: target },
          },
        },
      },
    });
    expect(await waitRecovery(api, recovery.id!)).toMatchObject({ status: "Succeeded", recoveryAction: "RecoverFiles" });
    for (const f of ["big.bin", "docs/report-2026.txt", "docs/notes.md"]) {
      expect(await sha256File(path.join(target, src, f))).toBe(await sha256File(path.join(src, f)));
    }

    // Download as zip: stored by the engine, streamed in ranged chunks.
    const zipRec = await api.createDownloadFilesAndFoldersRecovery({
      body: { name: "zip-docs", object: { snapshotId }, filesAndFolders: [{ absolutePath: path.join(src, "docs"), isDirectory: true }, { absolutePath: path.join(src, "deep/a/b/c.dat") }] },
    });
    expect(await waitRecovery(api, zipRec.id!)).toMatchObject({ status: "Succeeded" });
    const zip = await readAll(await api.downloadFilesFromRecovery({ pathParams: { id: zipRec.id! } }));
    const zipFile = path.join(stack.tmp, "download.zip");
    await import("node:fs/promises").then((fs) => fs.writeFile(zipFile, zip));
    const listing = (await run("unzip", ["-Z1", zipFile])).stdout.split("\n").filter(Boolean).sort();
    expect(listing).toEqual(expect.arrayContaining(["docs/notes.md", "docs/report-2026.txt", "deep/a/b/c.dat"]));
    const fromZip = (await run("unzip", ["-p", zipFile, "docs/report-2026.txt"], { encoding: "buffer" })).stdout;
    expect(Buffer.compare(fromZip, await readFile(path.join(src, "docs/report-2026.txt")))).toBe(0);
    const middle = await readAll(await api.downloadFilesFromRecovery({ pathParams: { id: zipRec.id! }, query: { startOffset: 100, length: 1000 } }));
    expect(Buffer.compare(middle, zip.subarray(100, 1100))).toBe(0);

    // One indexed file straight from the snapshot: whole (two 8 MiB chunks) and a range.
    const original = await readFile(path.join(src, "big.bin"));
    const whole = await readAll(await api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: path.join(src, "big.bin") } }));
    expect(whole.length).toBe(original.length);
    expect(Buffer.compare(whole, original)).toBe(0);
    const ranged = await readAll(await api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: path.join(src, "big.bin"), startOffset: 9_000_000, length: 777 } }));
    expect(Buffer.compare(ranged, original.subarray(9_000_000, 9_000_777))).toBe(0);
    await expect(api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: path.join(src, "missing.txt") } })).rejects.toMatchObject({ status: 404 });
    await expect(api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: path.join(src, "docs") } })).rejects.toMatchObject({ status: 400 });
  });
});
