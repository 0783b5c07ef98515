// The move to host repositories (issue 11.7) with the real engine, agent and restic: snapshots an
// engine took into the tenant's shared repository (before host repositories, or with the escape
// hatch ENGINE_HOST_REPOSITORIES=off) stay restorable after the engine switches to host
// repositories; new backups go to the host's own repository (a full first upload); retention still
// forgets the old snapshot from the shared repository and leaves the host repository alone.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { createPolicyAndGroup, sha256File, startStack, waitRecovery, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

const exec = promisify(execFile);
let stack: Stack;

async function snapshotsIn(repo: { path: string; password: string }): Promise<{ id: string; tags?: string[] }[]> {
  const { stdout } = await exec("restic", ["-r", repo.path, "--no-cache", "--no-lock", "snapshots", "--json"], { env: { ...process.env, RESTIC_PASSWORD: repo.password } });
  return JSON.parse(stdout || "[]") as { id: string; tags?: string[] }[];
}

beforeAll(async () => {
  stack = await startStack("shared", { ENGINE_HOST_REPOSITORIES: "off" });
}, 180_000);
afterAll(async () => stack?.stop());

describe("a tenant's shared repository after the switch to host repositories", () => {
  beforeEach(() => onTestFailed(() => console.log(`agent output:\n${stack.agent.output().slice(-4000)}\nengine output:\n${stack.engine.output().slice(-4000)}`)));

  it("keeps old snapshots restorable until retention forgets them; new backups go to the host's repository", { timeout: 300_000 }, async () => {
    let api = stack.api;
    const src = path.join(stack.tmp, "data");
    await writeTree(src, { "old.bin": 300_000, "sub/kept.txt": 5_000 });
    const { group } = await createPolicyAndGroup(stack, "shared", src, {});
    const id = group.id!;

    // Escape hatch on: the backup goes to the tenant's shared repository, the host has none.
    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } });
    const oldRun = await waitRun(api, id, undefined, 120_000);
    expect(oldRun.localBackupInfo!.status).toBe("Succeeded");
    const shared = await stack.sharedRepository();
    expect((await snapshotsIn(shared)).map((s) => s.tags)).toEqual([expect.arrayContaining([`lifeboat-object-${stack.hostId}`])]);
    await expect(stack.repository()).rejects.toThrow(/no repository yet/);
    const oldBytes = await sha256File(path.join(src, "old.bin"));

    // The engine restarts (same address, same database) with the default: host repositories.
    await stack.engine.restart({ ENGINE_HOST_REPOSITORIES: "on", ENGINE_PORT: new URL(stack.engine.url).port });
    api = stack.engine.client();
    await waitFor("the agent on the restarted engine", async () =>
      (await api.getDataSourceConnectors({ query: {} })).connectors?.find((c) => c.connectivityStatus?.isConnected), 60_000);

    await writeTree(src, { "old.bin": 200_000 }); // changed after the first backup
    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } });
    const newRun = await waitRun(api, id, undefined, 120_000);
    expect(newRun.id).not.toBe(oldRun.id);
    expect(newRun.localBackupInfo!.status).toBe("Succeeded");
    // A full first upload into the host's own repository (no parent from the shared one).
    expect(newRun.localBackupInfo!.localSnapshotStats!.bytesWritten!, JSON.stringify(newRun)).toBeGreaterThan(200_000);
    const host = await stack.repository();
    expect(host.path).toBe(path.join(shared.path, "hosts", host.repositoryId));
    expect((await snapshotsIn(host)).map((s) => s.tags)).toEqual([expect.arrayContaining([`lifeboat-object-${stack.hostId}`, expect.stringMatching(/^lifeboat-run-\d+$/)])]);
    expect(await snapshotsIn(shared)).toHaveLength(1);

    // The old snapshot restores from the shared repository: the first version's bytes.
    const snapshots = await waitFor("both snapshots listed", async () => {
      const s = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots ?? [];
      return s.length === 2 ? s : undefined;
    });
    const oldSnapshot = snapshots.find((s) => s.protectionGroupRunId === oldRun.id)!;
    const newSnapshot = snapshots.find((s) => s.protectionGroupRunId === newRun.id)!;
    for (const [snapshot, dir] of [[oldSnapshot, "restored-old"], [newSnapshot, "restored-new"]] as const) {
      const target = path.join(stack.tmp, dir);
      const recovery = await api.createRecovery({
        body: {
          name: dir, snapshotEnvironment: "kPhysical",
          physicalParams: {
            objects: [{ snapshotId: snapshot.id! }], recoveryAction: "RecoverFiles",
            recoverFileAndFolderParams: {
              targetEnvironment: "kPhysical",
              filesAndFolders: [{ absolutePath: path.join(src, "old.bin") }],
              physicalTargetParams: { recoverTarget: { id: stack.hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: target },
            },
          },
        },
      });
      expect(await waitRecovery(api, recovery.id!, 120_000)).toMatchObject({ status: "Succeeded" });
    }
    expect(await sha256File(path.join(stack.tmp, "restored-old", src, "old.bin"))).toBe(oldBytes);
    expect(await sha256File(path.join(stack.tmp, "restored-new", src, "old.bin"))).toBe(await sha256File(path.join(src, "old.bin")));

    // Its retention ends: the old snapshot leaves the shared repository; the host's stays.
    const expired = await api.updateProtectionGroupRun({
      pathParams: { id },
      body: { updateProtectionGroupRunParams: [{ runId: oldRun.id!, localSnapshotConfig: { daysToKeep: -30 } }] },
    });
    expect(expired).toEqual({ successfulRunIds: [oldRun.id], failedRuns: [] });
    await waitFor("the old snapshot forgotten in the shared repository", async () => ((await snapshotsIn(shared)).length === 0 ? true : undefined), 90_000);
    expect(await snapshotsIn(host)).toHaveLength(1);
    const listed = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots ?? [];
    expect(listed.map((s) => s.protectionGroupRunId)).toEqual([newRun.id]);
  });
});
