// Run control and lifecycle with the real engine, agent and restic: pause/resume/cancel reach the
// running restic; an agent killed mid-run fails the run (never stuck Running) and the next run
// succeeds with `restic check` clean; retention forgets expired snapshots; DataLock and legal hold
// refuse deletion. The tenant's storage target is set through the admin route; the host's own
// repository is made below it, and the test inspects that repository with restic itself.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { iamToken } from "./helpers/engine-process.ts";
import { createPolicyAndGroup, startStack, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

const exec = promisify(execFile);
const MiB = 1024 * 1024;
const PASSWORD = "run-control-test-repository-password";
let stack: Stack;
let target: string;

/** restic on the host's own repository (opened as the engine opens it). */
async function restic(...args: string[]) {
  const repo = await stack.repository();
  expect(repo.path).toBe(path.join(target, "hosts", repo.repositoryId));
  const { stdout } = await exec("restic", ["-r", repo.path, "--no-cache", ...args], { env: { ...process.env, RESTIC_PASSWORD: repo.password } });
  return stdout;
}

async function adminCall(method: string, route: string, body?: unknown) {
  const { access_token } = await iamToken(stack.engine.url, stack.engine.bootstrap.apiKey);
  const res = await fetch(`${stack.engine.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, "x-ibm-tenant-id": stack.engine.bootstrap.tenantId, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const objectBytesRead = (run: Awaited<ReturnType<typeof waitRun>>) => run.objects?.[0]?.localSnapshotInfo?.snapshotInfo?.stats?.bytesRead ?? 0;

beforeAll(async () => {
  stack = await startStack("control", {}, {}, { resticUploadLimitKiB: 4096 });
  target = path.join(stack.tmp, "repository");
  const set = await adminCall("PUT", "/lifeboat/v1/storage-target", { repository: { kind: "local", path: target }, password: PASSWORD });
  expect(set).toEqual({ status: 200, body: { kind: "local", path: target } });
}, 180_000);
afterAll(async () => stack?.stop());

describe("run control and lifecycle", () => {
  beforeEach(() => onTestFailed(() => console.log(`agent output:\n${stack.agent.output().slice(-4000)}\nengine output:\n${stack.engine.output().slice(-4000)}`)));
  it("pauses, resumes and cancels a running backup on the agent", { timeout: 240_000 }, async () => {
    const { api } = stack;
    const src = path.join(stack.tmp, "big");
    await writeTree(src, { "a.bin": 48 * MiB, "b.bin": 48 * MiB });
    const { group } = await createPolicyAndGroup(stack, "control", src, {});
    const id = group.id!;

    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } });
    await expect(api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } })).rejects.toMatchObject({ status: 409 });
    // Pause once restic moves data (the agent cannot pause a backup still opening the repository).
    const running = await waitRun(api, id, (s) => s !== "Accepted", 60_000);
    expect(running.localBackupInfo!.status).toBe("Running");
    await waitFor("bytes moving", async () => (objectBytesRead(await waitRun(api, id, () => true)) > 0 ? true : undefined), 30_000);
    const pauseAnswer = await api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Pause", pauseParams: [{ runId: running.id! }] } });
    expect(pauseAnswer).toEqual({ action: "Pause", pauseParams: [{ runId: running.id }] });
    await waitRun(api, id, (s) => s === "Paused", 20_000);
    // restic's last status lines written before SIGSTOP can still be in the pipe and reach the
    // engine a progress interval after the Paused state: take the figure once it has settled.
    let paused = await waitRun(api, id, () => true);
    await waitFor("the paused figures to settle", async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const again = await waitRun(api, id, () => true);
      const settled = objectBytesRead(again) === objectBytesRead(paused);
      paused = again;
      return settled ? true : undefined;
    }, 20_000);
    expect(paused.localBackupInfo!.status).toBe("Paused");
    await new Promise((r) => setTimeout(r, 2500));
    const stillPaused = await waitRun(api, id, (s) => s === "Paused", 5_000);
    expect(objectBytesRead(stillPaused)).toBe(objectBytesRead(paused)); // nothing moves while paused
    expect(objectBytesRead(paused)).toBeLessThan(96 * MiB);
    // A wrong-state action is refused with a sentence (409), not answered 200 with nothing done.
    await expect(
      api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Pause", pauseParams: [{ runId: running.id! }] } }),
    ).rejects.toMatchObject({ status: 409, message: `run ${running.id} is already paused` });

    await api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Resume", resumeParams: [{ runId: running.id! }] } });
    const resumed = await waitRun(api, id);
    expect(resumed.localBackupInfo!.status).toBe("Succeeded");
    expect(resumed.localBackupInfo!.localSnapshotStats!.bytesRead).toBe(96 * MiB);
    for (const [action, params] of [["Cancel", "cancelParams"], ["Resume", "resumeParams"], ["Pause", "pauseParams"]] as const) {
      await expect(
        api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action, [params]: [{ runId: running.id! }] } }),
      ).rejects.toMatchObject({ status: 409, message: `run ${running.id} has already ended (Succeeded); there is nothing to ${action.toLowerCase()}` });
    }

    // New data to upload (at the capped rate) gives the cancel time to land mid-transfer of a kFull run.
    await writeTree(src, { "c.bin": 48 * MiB });
    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kFull" } });
    const full = await waitRun(api, id, (s) => s === "Running", 60_000);
    await api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Cancel", cancelParams: [{ runId: full.id! }] } });
    const canceled = await waitRun(api, id, (s) => !["Running", "Canceling", "Accepted", "Paused"].includes(s), 60_000);
    expect(canceled.localBackupInfo!.status).toBe("Canceled");
    await expect(
      api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Cancel", cancelParams: [{ runId: full.id! }] } }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/has already ended \(Canceled\)/) });
    const snapshots = JSON.parse(await restic("snapshots", "--json")) as unknown[];
    expect(snapshots).toHaveLength(1); // the canceled run wrote no snapshot
  });

  it("fails a run whose agent dies, and the next run succeeds with the repository clean", { timeout: 240_000 }, async () => {
    const { api } = stack;
    // Thousands of small files keep restic busy for seconds, so the pause and kill land mid-run.
    const src = path.join(stack.tmp, "kill");
    const files: Record<string, number> = { "big.bin": 24 * MiB };
    for (let i = 0; i < 15_000; i++) files[`many/${i % 50}/f${i}.txt`] = 64;
    await writeTree(src, files);
    const { group } = await createPolicyAndGroup(stack, "kill", src, {});
    const id = group.id!;
    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } });
    await waitRun(api, id, (s) => s === "Running", 60_000);
    await waitFor("bytes moving", async () => (objectBytesRead(await waitRun(api, id, () => true)) > 0 ? true : undefined), 30_000);
    // Paused first, so the kill surely lands mid-run however fast the machine is right now.
    const mid = await waitRun(api, id, () => true);
    await api.performActionOnProtectionGroupRun({ pathParams: { id }, body: { action: "Pause", pauseParams: [{ runId: mid.id! }] } });
    await waitRun(api, id, (s) => s === "Paused", 20_000);
    await stack.agent.kill();
    const failed = await waitRun(api, id, (s) => s === "Failed", 60_000);
    expect(failed.localBackupInfo!.messages!.join(" ")).toMatch(/agent stopped responding/);

    const restarted = stack.startAgent();
    // The restarted agent first marks the crashed run's repository for repair (unlock + rebuild
    // index before its next backup); start the next run once it did (see the report: agent race).
    await waitFor("the agent's crash recovery", async () => (/was running when the agent stopped/.test(restarted.output()) ? true : undefined), 60_000);
    await api.createProtectionGroupRun({ pathParams: { id }, body: { runType: "kRegular" } });
    const next = await waitRun(api, id, undefined, 120_000);
    expect(next.localBackupInfo!.status).toBe("Succeeded");
    await restic("check");
  });

  it("forgets expired snapshots, and refuses deletion under DataLock or legal hold", { timeout: 180_000 }, async () => {
    const { api } = stack;
    const small = path.join(stack.tmp, "small");
    await writeTree(small, { "x.txt": 2000 });
    const plain = await createPolicyAndGroup(stack, "retention", small, {});
    const locked = await createPolicyAndGroup(stack, "locked", small, { retention: { unit: "Days", duration: 3, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 2 } } });
    for (const g of [plain.group, locked.group]) {
      await api.createProtectionGroupRun({ pathParams: { id: g.id! }, body: { runType: "kRegular" } });
      expect((await waitRun(api, g.id!)).localBackupInfo!.status).toBe("Succeeded");
    }
    const plainRun = (await waitRun(api, plain.group.id!)).id!;
    const lockedRun = (await waitRun(api, locked.group.id!)).id!;
    const before = (JSON.parse(await restic("snapshots", "--json")) as unknown[]).length;

    // DataLock: neither delete nor shortening below the lock.
    const refused = await api.updateProtectionGroupRun({
      pathParams: { id: locked.group.id! },
      body: { updateProtectionGroupRunParams: [{ runId: lockedRun, localSnapshotConfig: { deleteSnapshot: true } }, { runId: lockedRun, localSnapshotConfig: { daysToKeep: -2 } }] },
    });
    expect(refused.successfulRunIds ?? []).toEqual([]);
    expect(refused.failedRuns!.map((f) => f.errorMessage)).toEqual([expect.stringMatching(/DataLock until/), expect.stringMatching(/DataLock until/)]);

    // Legal hold blocks deletion until released.
    const held = await api.updateProtectionGroupRun({ pathParams: { id: plain.group.id! }, body: { updateProtectionGroupRunParams: [{ runId: plainRun, localSnapshotConfig: { enableLegalHold: true } }] } });
    expect(held.successfulRunIds).toEqual([plainRun]);
    const denied = await api.updateProtectionGroupRun({ pathParams: { id: plain.group.id! }, body: { updateProtectionGroupRunParams: [{ runId: plainRun, localSnapshotConfig: { deleteSnapshot: true } }] } });
    expect(denied.failedRuns![0]!.errorMessage).toMatch(/legal hold/);

    // Both groups' snapshots hold small/x.txt of this host: two IndexedFile rows, one IndexedPath key.
    const engineDb = new pg.Client({ connectionString: stack.engine.databaseUrl });
    await engineDb.connect();
    onTestFailed(() => void engineDb.end().catch(() => undefined));
    const xPath = path.join(small, "x.txt");
    const indexed = async () => {
      const rows = await engineDb.query<{ files: string; paths: string }>(
        `SELECT (SELECT count(*) FROM "IndexedFile" WHERE path = $1 AND "objectId" = $2) AS files,
                (SELECT count(*) FROM "IndexedPath" WHERE path = $1 AND "objectId" = $2) AS paths`, [xPath, stack.hostId]);
      return [Number(rows.rows[0]!.files), Number(rows.rows[0]!.paths)];
    };
    await waitFor("both snapshots indexed", async () => ((await indexed())[0] === 2 ? true : undefined), 60_000);
    expect(await indexed()).toEqual([2, 1]);

    // Released and shortened into the past: the retention sweep expires and forgets it.
    const expired = await api.updateProtectionGroupRun({
      pathParams: { id: plain.group.id! },
      body: { updateProtectionGroupRunParams: [{ runId: plainRun, localSnapshotConfig: { enableLegalHold: false, daysToKeep: -30 } }] },
    });
    expect(expired).toEqual({ successfulRunIds: [plainRun], failedRuns: [] });
    await waitFor("the snapshot forgotten in restic", async () => {
      const n = (JSON.parse(await restic("snapshots", "--json")) as unknown[]).length;
      return n === before - 1 ? n : undefined;
    }, 60_000);
    const listed = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId }, query: { protectionGroupIds: [plain.group.id!] } })).snapshots ?? [];
    expect(listed).toEqual([]);
    const lockedListed = (await api.getObjectSnapshots({ pathParams: { id: stack.hostId }, query: { protectionGroupIds: [locked.group.id!] } })).snapshots!;
    expect(lockedListed).toEqual([expect.objectContaining({ hasDataLock: true })]);
    // The forgotten snapshot's index rows go; the path stays searchable from the locked group's snapshot.
    await waitFor("the forgotten snapshot's index deleted", async () => ((await indexed())[0] === 1 ? true : undefined), 30_000);
    expect(await indexed()).toEqual([1, 1]);
    await engineDb.end();
    const found = await api.searchIndexedObjects({ body: { objectType: "Files", fileParams: { searchString: xPath } } });
    expect(found.files!.map((f) => f.protectionGroupId)).toEqual([locked.group.id]);
    await restic("check");
  });
});
