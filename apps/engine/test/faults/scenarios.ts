// The faults of issue 12, each done to a running FaultStack and followed to its final state: what
// happened (final state and message, seconds from the fault to that state, the bound it must stay
// within). `verifyNothingLost` then proves nothing was lost: the next backup of every group
// succeeds, the repository passes `restic check`, and the engine's snapshots are the repository's.
// The tests (test/faults/*.test.ts) assert on the outcomes; bench/faults.ts prints them as a table.
//
// A process fault kills one process while a backup AND a restore are both moving data (the agent
// runs two tasks at once), then brings it back after a few seconds, as a supervisor would.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { ENDED, until, type FaultStack } from "./fault-stack.ts";

export interface FaultOutcome {
  fault: string;
  /** The run's, recovery's or task's final status, or the HTTP status of a request fault. */
  finalState: string;
  message: string;
  /** From the fault to the final state (the engine serving again). */
  recoverSecs: number;
  /** The bound it must stay within (README, "What survives what"). */
  boundSecs: number;
}

export interface NothingLost {
  resticCheckOk: boolean;
  resticCheckOutput: string;
  /** Status of the next run of each group. */
  nextRuns: string[];
  /** Snapshots in the repository the engine does not list, and the other way round. */
  unknownToEngine: string[];
  missingFromRepository: string[];
  succeededRunsWithoutSnapshot: number;
}

const MiB = 1024 * 1024;
/** restic's repository traffic while a fault is done: a 4 MiB backup or restore takes ~16 s. */
const THROTTLE_KIB = 256;
/** How long a killed process stays down before it is started again. */
const DOWN_SECS = 3;

const secondsSince = (since: number) => Math.round((Date.now() - since) / 100) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = async (file: string) => {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
};

export interface Dataset {
  dir: string;
  groupId: string;
}

/** A folder of random data under the stack's temp dir, and a group over it. */
export async function dataset(stack: FaultStack, name: string, files: Record<string, number> = { "big.bin": 4 * MiB, "small.txt": 2000 }): Promise<Dataset> {
  const dir = path.join(stack.tmp, "data", name);
  await mkdir(dir, { recursive: true });
  for (const [file, size] of Object.entries(files)) await writeFile(path.join(dir, file), randomBytes(size));
  return { dir, groupId: await stack.createGroup(name, dir) };
}

async function runNow(stack: FaultStack, groupId: string) {
  await stack.api.createProtectionGroupRun({ pathParams: { id: groupId }, body: { runType: "kRegular" } });
}

/** A good backup of the group (so a restore has something to read): its snapshot. */
export async function backupOnce(stack: FaultStack, groupId: string) {
  await runNow(stack, groupId);
  const run = await stack.waitRun(groupId, (s) => ENDED.includes(s), 180_000);
  const info = run.localBackupInfo!;
  if (info.status !== "Succeeded") throw new Error(`setup backup ended ${info.status}: ${info.messages?.join("; ")}`);
  return until("the snapshot of the run", async () => (await stack.api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots?.find((s) => s.runStartTimeUsecs === info.startTimeUsecs), 60_000);
}

/** Waits until restic of the group's newest run reported moved bytes. */
async function backupMidTransfer(stack: FaultStack, groupId: string) {
  await until("the backup to move data", async () => {
    const run = await stack.waitRun(groupId, () => true, 10_000);
    const status = run.localBackupInfo!.status!;
    if (ENDED.includes(status)) throw new Error(`the run ended ${status} before the fault`);
    const progress = (run.objects?.[0] as { progress?: { bytesDone?: number } } | undefined)?.progress;
    return (progress?.bytesDone ?? 0) > 0 ? run : undefined;
  }, 120_000);
}

/** Starts a restore of the dataset's folder from `snapshotId` to a folder of its own. */
export async function startRestore(stack: FaultStack, data: Dataset, snapshotId: string, name: string, target = path.join(stack.tmp, "restored", name)) {
  const recovery = await stack.api.createRecovery({
    body: {
      name,
      snapshotEnvironment: "kPhysical",
      physicalParams: {
        objects: [{ snapshotId }],
        recoveryAction: "RecoverFiles",
        recoverFileAndFolderParams: {
          filesAndFolders: [{ absolutePath: data.dir }],
          targetEnvironment: "kPhysical",
          physicalTargetParams: { recoverTarget: { id: stack.hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: target, overwriteExisting: true },
        },
      },
    },
  });
  return { id: recovery.id!, target };
}

async function waitRecoveryRunning(stack: FaultStack, id: string) {
  const r = await stack.waitRecovery(id, (s) => s === "Running" || ENDED.includes(s), 120_000);
  if (ENDED.includes(r.status!)) throw new Error(`the recovery ended ${r.status} before the fault`);
}

export type ProcessFault = "agent" | "engine" | "postgres";

/** What a process fault did to the backup and to the restore it hit. */
export interface ProcessFaultOutcome {
  backup: FaultOutcome;
  restore: FaultOutcome & { restoredIdentical?: boolean };
  groupIds: string[];
}

/** kill -9 of `which` while a backup and a restore both move data; both must end on their own. */
export async function killDuringBackupAndRestore(stack: FaultStack, which: ProcessFault, boundSecs: number): Promise<ProcessFaultOutcome> {
  const backupData = await dataset(stack, `kill-${which}-backup`);
  const restoreData = await dataset(stack, `kill-${which}-restore`);
  const snapshot = await backupOnce(stack, restoreData.groupId);
  // Both slowed down, so the kill lands while each is moving data.
  await stack.throttle(THROTTLE_KIB);
  const restore = await startRestore(stack, restoreData, snapshot.id!, `kill-${which}`);
  await runNow(stack, backupData.groupId);
  await waitRecoveryRunning(stack, restore.id);
  await backupMidTransfer(stack, backupData.groupId);
  const faultAt = Date.now();
  if (which === "agent") await stack.killAgent();
  else if (which === "engine") await stack.killEngine();
  else await stack.killPostgres();
  await sleep(DOWN_SECS * 1000);
  if (which === "agent") await stack.startAgent();
  else if (which === "engine") await stack.startEngine();
  else await stack.startPostgres();
  await stack.throttle(null);

  const waitMs = boundSecs * 1000 + 60_000;
  const [run, recovery] = await Promise.all([
    stack.waitRun(backupData.groupId, (s) => ENDED.includes(s), waitMs).then((r) => ({ r, at: secondsSince(faultAt) })),
    stack.waitRecovery(restore.id, (s) => ENDED.includes(s), waitMs).then((r) => ({ r, at: secondsSince(faultAt) })),
  ]);
  await stack.serving();
  const restored = recovery.r.status === "Succeeded"
    ? (await sha256(path.join(restore.target, restoreData.dir, "big.bin"))) === (await sha256(path.join(restoreData.dir, "big.bin")))
    : undefined;
  return {
    backup: {
      fault: `kill -9 ${which} during a backup`,
      finalState: run.r.localBackupInfo!.status!,
      message: (run.r.localBackupInfo!.messages ?? []).join("; "),
      recoverSecs: run.at,
      boundSecs,
    },
    restore: {
      fault: `kill -9 ${which} during a restore`,
      finalState: recovery.r.status!,
      message: (recovery.r.messages ?? []).join("; "),
      recoverSecs: recovery.at,
      boundSecs,
      restoredIdentical: restored,
    },
    groupIds: [backupData.groupId, restoreData.groupId],
  };
}

/** A raw request with the API's token (what a browser or curl sends). */
async function raw(stack: FaultStack, url: string, init: { method?: string; signal?: AbortSignal } = {}) {
  return fetch(url, { method: init.method ?? "GET", headers: { authorization: `Bearer ${await stack.accessToken()}`, "x-ibm-tenant-id": stack.tenantId }, signal: init.signal });
}

const downloadUrl = (stack: FaultStack, snapshotId: string, file: string, query = "") =>
  `${stack.engineUrl}/v2/data-protect/snapshots/${snapshotId}/download-file?filePath=${encodeURIComponent(file)}${query}`;

/** Single-file downloads that fail (a range past the end, a path not in the snapshot): each one answer, and the engine serves on. */
export async function failedDownload(stack: FaultStack, data: Dataset, boundSecs: number): Promise<FaultOutcome & { statuses: number[] }> {
  const snapshot = await backupOnce(stack, data.groupId);
  const faultAt = Date.now();
  const answers = [];
  for (const url of [downloadUrl(stack, snapshot.id!, path.join(data.dir, "small.txt"), "&startOffset=999999"), downloadUrl(stack, snapshot.id!, path.join(data.dir, "no-such-file"))]) {
    const res = await raw(stack, url);
    answers.push({ status: res.status, body: await res.text() });
  }
  await stack.serving();
  return {
    fault: "a failed single-file download",
    finalState: answers.map((a) => `HTTP ${a.status}`).join(" / "),
    message: answers.map((a) => a.body).join(" | "),
    statuses: answers.map((a) => a.status),
    recoverSecs: secondsSince(faultAt),
    boundSecs,
  };
}

const openContentTasks = (stack: FaultStack) =>
  stack.withDb(async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "DataTask" WHERE type = 'content' AND status NOT IN ('Succeeded','SucceededWithWarning','Failed','Canceled','Superseded')`)).rows[0]!.n));

/** A download the client walks away from mid-stream: the agent's task ends, the engine serves on. */
export async function abandonedDownload(stack: FaultStack, data: Dataset, boundSecs: number): Promise<FaultOutcome> {
  const snapshot = await backupOnce(stack, data.groupId);
  await stack.throttle(THROTTLE_KIB);
  const controller = new AbortController();
  const res = await raw(stack, downloadUrl(stack, snapshot.id!, path.join(data.dir, "big.bin")), { signal: controller.signal });
  const reader = res.body!.getReader();
  await reader.read();
  const faultAt = Date.now();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  await until("the abandoned content task to end", async () => ((await openContentTasks(stack)) === 0 ? true : undefined), boundSecs * 1000 + 60_000);
  const recoverSecs = secondsSince(faultAt);
  await stack.throttle(null);
  const task = await stack.withDb(async (c) => (await c.query<{ status: string; message: string | null }>(`SELECT status, message FROM "DataTask" WHERE type = 'content' ORDER BY id DESC LIMIT 1`)).rows[0]!);
  await stack.serving();
  return { fault: "an abandoned single-file download", finalState: task.status, message: task.message ?? "", recoverSecs, boundSecs };
}

/** A restore whose restic hangs on its target (ignores SIGINT): Cancel ends it and frees its slot. */
export async function hungRestoreTarget(stack: FaultStack, data: Dataset, boundSecs: number): Promise<FaultOutcome> {
  const snapshot = await backupOnce(stack, data.groupId);
  await stack.hangRestores(true);
  const restore = await startRestore(stack, data, snapshot.id!, "hung-target");
  await waitRecoveryRunning(stack, restore.id);
  await sleep(2000);
  const faultAt = Date.now();
  const cancel = await raw(stack, `${stack.engineUrl}/v2/data-protect/recoveries/${restore.id}/cancel`, { method: "POST" });
  if (cancel.status !== 204) throw new Error(`cancel answered ${cancel.status}: ${await cancel.text()}`);
  const final = await stack.waitRecovery(restore.id, (s) => ENDED.includes(s), boundSecs * 1000 + 60_000);
  const recoverSecs = secondsSince(faultAt);
  await stack.hangRestores(false);
  return { fault: "a hung restore target, cancelled", finalState: final.status!, message: (final.messages ?? []).join("; "), recoverSecs, boundSecs };
}

/** A restore into /proc: refused with a message, at once. */
export async function pseudoFsRestoreTarget(stack: FaultStack, data: Dataset, boundSecs: number): Promise<FaultOutcome> {
  const faultAt = Date.now();
  let finalState: string;
  let message: string;
  try {
    const snapshot = await backupOnce(stack, data.groupId);
    const restore = await startRestore(stack, data, snapshot.id!, "proc-target", "/proc/lifeboat-restore");
    const final = await stack.waitRecovery(restore.id, (s) => ENDED.includes(s), boundSecs * 1000 + 60_000);
    finalState = final.status!;
    message = (final.messages ?? []).join("; ");
  } catch (error) {
    const e = error as { status?: number; message: string };
    finalState = e.status ? `HTTP ${e.status}` : "error";
    message = e.message;
  }
  return { fault: "a restore into /proc", finalState, message, recoverSecs: secondsSince(faultAt), boundSecs };
}

/** The largest data pack of the repository deleted: a read of its file fails clearly, the engine serves on. */
export async function deletedPack(stack: FaultStack, data: Dataset, boundSecs: number): Promise<FaultOutcome> {
  const snapshot = await backupOnce(stack, data.groupId);
  const repo = await stack.repository();
  const packs: { file: string; size: number }[] = [];
  for (const sub of await readdir(path.join(repo.path, "data"))) {
    for (const name of await readdir(path.join(repo.path, "data", sub))) {
      const file = path.join(repo.path, "data", sub, name);
      packs.push({ file, size: (await stat(file)).size });
    }
  }
  // The largest pack holds big.bin's data (trees and small files go to small packs).
  packs.sort((a, b) => b.size - a.size);
  const faultAt = Date.now();
  await rm(packs[0]!.file);
  const res = await raw(stack, downloadUrl(stack, snapshot.id!, path.join(data.dir, "big.bin")));
  const body = await res.text();
  await stack.serving();
  return { fault: "a deleted pack file", finalState: `HTTP ${res.status}`, message: body.slice(0, 500), recoverSecs: secondsSince(faultAt), boundSecs };
}

/** The next backup of every group succeeds, `restic check` is clean, and the engine's snapshots are the repository's. */
export async function verifyNothingLost(stack: FaultStack, groupIds: string[]): Promise<NothingLost> {
  await stack.throttle(null);
  await stack.hangRestores(false);
  const nextRuns: string[] = [];
  // One after the other: concurrent first backups of a group share nothing, but keep the load low.
  for (const groupId of groupIds) {
    await runNow(stack, groupId);
    nextRuns.push((await stack.waitRun(groupId, (s) => ENDED.includes(s), 180_000)).localBackupInfo!.status!);
  }
  // Index tasks follow each snapshot; restic check takes the exclusive lock only when none runs.
  await until("the agent to be idle", async () => {
    const busy = await stack.withDb(async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "DataTask" WHERE status NOT IN ('Succeeded','SucceededWithWarning','Failed','Canceled','Superseded')`)).rows[0]!.n));
    return busy === 0 ? true : undefined;
  }, 120_000);
  const check = await stack.resticCheck();
  const inRepository = await stack.repositorySnapshots();
  const listed = await stack.engineSnapshots();
  const same = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
  return {
    resticCheckOk: check.ok,
    resticCheckOutput: check.output.slice(-2000),
    nextRuns,
    unknownToEngine: inRepository.filter((id) => !listed.some((s) => same(id, s.resticId))),
    missingFromRepository: listed.filter((s) => !inRepository.some((id) => same(id, s.resticId))).map((s) => s.resticId),
    succeededRunsWithoutSnapshot: await stack.succeededRunsWithoutSnapshot(),
  };
}
