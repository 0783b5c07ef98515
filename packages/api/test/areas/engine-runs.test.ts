// Runs, recoveries, search and downloads through the BFF's tRPC callers against the real engine
// process, a real agent process and real restic: an admin sets up connection → host → policy →
// group; an operator runs it now while a viewer's `run.watch` subscription delivers the run until
// it succeeds; the indexed snapshot is searched, a file and a folder are restored to another
// folder (bytes equal by sha256), a download-files recovery is fetched as a zip through its
// ticket, and one file through its ticket (two 8 MiB upstream chunks, bytes equal). A viewer is
// refused the run, the restore and the download.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createContext, createUpstreamFor, redeemDownloadTicket, silentLog, type UpstreamFor } from "../../src/index.ts";
import { createCast, type ActorName, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "./agent-process.ts";
import { bindWorkspace, trpcError } from "./helpers.ts";

const run = promisify(execFile);
let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let agent: AgentProcess | undefined;
let upstreamFor: UpstreamFor;
let tmp: string;

beforeAll(async () => {
  [t, engine] = await Promise.all([
    openTestDb("areas_engine_runs"),
    startEngine({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_HEARTBEAT_INTERVAL_SECS: "1" }),
  ]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "engine-runs");
  upstreamFor = createUpstreamFor({ db: t.db });
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-runs-"));
}, 120_000);
afterAll(async () => {
  await agent?.stop();
  await engine?.stop();
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Callers sharing one upstreamFor (and so one live hub), as the web app's requests do. */
function caller(actor: Exclude<ActorName, "anonymous">, signal?: AbortSignal) {
  const user = cast.users[actor];
  return createCaller(
    createContext({ db: t.db, session: { user: { id: user.id, email: user.email } }, clientIp: null, log: silentLog, upstreamFor }),
    signal ? { signal } : {},
  );
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** A tracked() event as the in-process caller yields it (the envelope), or its data. */
function dataOf<T>(value: unknown): T {
  if (Array.isArray(value)) return value[1] as T;
  const v = value as { id?: unknown; data?: unknown };
  return (typeof v.id === "string" && v.data !== undefined ? v.data : value) as T;
}

type WatchEvent = { runs: { id: string; view: { status: string | null; finished: boolean; progress: number | null } }[] | null; error: { code: string } | null };

const FILES: Record<string, number> = { "big.bin": 9 * 1024 * 1024 + 123, "docs/report-2026.txt": 5000, "docs/notes.md": 300 };

describe("runs and recoveries against the real engine, agent and restic", () => {
  it("backs up, delivers the run live, searches, restores elsewhere and downloads identical bytes", { timeout: 300_000 }, async () => {
    const admin = caller("admin");
    const operator = caller("operator");
    const viewer = caller("viewer");

    // A host with data: connection → agent → source.
    const src = path.join(tmp, "data");
    const originals = new Map<string, Buffer>();
    for (const [name, size] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(src, name)), { recursive: true });
      const bytes = randomBytes(size);
      originals.set(name, bytes);
      await writeFile(path.join(src, name), bytes);
    }
    const conn = await admin.connection.create({ connectionName: "runs-site" });
    const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
    const hostName = `api-runs-${process.pid}`;
    agent = await startAgentProcess(engine.url, registrationToken, hostName, { AGENT_RESTIC_CPUS: "1" });
    await waitFor("the agent's connector", async () =>
      (await viewer.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected),
    90_000);
    const source = await admin.source.create({
      registration: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
    });
    const hostId = source.sourceId!;

    const policy = await admin.policy.create({
      policy: {
        name: "runs-policy",
        backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } },
      },
    });
    const group = await admin.protectionGroup.create({
      group: {
        name: "runs-group",
        policyId: policy.id!,
        environment: "kPhysical",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: [{ includedPath: src }] }] } },
      },
    });
    const groupId = group.id!;

    // A viewer may watch but not start a run.
    expect((await trpcError(viewer.protectionGroup.run.runNow({ groupId }))).code).toBe("FORBIDDEN");

    // The viewer's live view is open before the run starts; the operator starts it.
    const abort = new AbortController();
    const live = (await caller("viewer", abort.signal).protectionGroup.run.watch({ groupId }))[Symbol.asyncIterator]();
    const opened = dataOf<WatchEvent>((await live.next()).value);
    expect(opened).toMatchObject({ runs: [], error: null });
    const accepted = await operator.protectionGroup.run.runNow({ groupId, idempotencyKey: `runs-${Date.now()}` });
    expect(accepted).toMatchObject({ groupId, accepted: true });
    const seen: string[] = [];
    const progressSeen: (number | null)[] = [];
    let finished: WatchEvent["runs"] = null;
    while (!finished) {
      const next = await live.next();
      expect(next.done).toBe(false);
      const event = dataOf<WatchEvent>(next.value);
      expect(event.error).toBeNull();
      const newest = event.runs?.[0];
      if (newest) seen.push(newest.view.status ?? "?");
      if (newest) progressSeen.push(newest.view.progress);
      if (newest?.view.finished) finished = event.runs;
    }
    abort.abort();
    expect(seen.at(-1)).toBe("Succeeded");
    // The run's progress is a fraction throughout (the object's own percentage while it runs), 1 at the end.
    expect(progressSeen.every((p) => p !== null && p >= 0 && p <= 1)).toBe(true);
    expect(progressSeen.at(-1)).toBe(1);
    const runId = finished[0]!.id;

    // The run through the query procedures: figures of the real backup.
    const done = await viewer.protectionGroup.run.get({ groupId, runId, includeObjectDetails: true });
    expect(done.view).toMatchObject({ status: "Succeeded", finished: true, progress: 1 });
    const totalBytes = Object.values(FILES).reduce((a, b) => a + b, 0);
    expect(done.localBackupInfo?.localSnapshotStats?.bytesRead).toBe(totalBytes);
    // The engine's per-object progress extension: the finished task's figures, no ETA left.
    const objectProgress = (done.objects?.[0] as { progress?: Record<string, unknown> } | undefined)?.progress;
    expect(objectProgress).toMatchObject({ percentDone: 100, bytesDone: totalBytes });
    expect(objectProgress).not.toHaveProperty("etaSecs");
    expect((await viewer.protectionGroup.run.list({ groupId })).items.map((r) => r.id)).toEqual([runId]);
    // GetProtectionRunProgress through run.progress: finished, 100 %, every file backed up.
    const progress = await viewer.protectionGroup.run.progress({ groupId, runId });
    expect(progress.localRun).toMatchObject({ status: "Finished", percentageCompleted: 100, stats: { backupFileCount: Object.keys(FILES).length, totalFileCount: Object.keys(FILES).length } });
    expect(progress.localRun?.objects?.[0]).toMatchObject({ status: "Finished", percentageCompleted: 100 });

    // The snapshot gets indexed; the file search finds a file by name.
    const snapshot = await waitFor(
      "the snapshot indexed",
      async () => (await viewer.object.snapshots({ id: hostId })).items.find((s) => s.indexingStatus === "Done"),
      90_000,
    );
    const found = await viewer.object.searchFiles({ objectType: "Files", fileParams: { searchString: "report-20" } });
    expect(found.items).toEqual([
      expect.objectContaining({
        name: "report-2026.txt", path: path.join(src, "docs"), sizeBytes: FILES["docs/report-2026.txt"],
        snapshotId: snapshot.id, snapshotTimestampUsecs: snapshot.snapshotTimestampUsecs, mtimeUsecs: expect.any(Number),
      }),
    ]);

    // Every version of that file (one backup: one version), for a viewer, through the engine extension.
    const versions = await viewer.recovery.fileVersions({ objectId: hostId, path: path.join(src, "docs/report-2026.txt") });
    expect(versions.items).toEqual([
      expect.objectContaining({ snapshotId: snapshot.id, snapshotTimestampUsecs: snapshot.snapshotTimestampUsecs, sizeBytes: FILES["docs/report-2026.txt"], type: "File" }),
    ]);
    expect((await viewer.recovery.fileVersions({ objectId: hostId, path: path.join(src, "no-such-file") })).items).toEqual([]);

    // Restore a file and a folder to another folder: a viewer may not, an operator may.
    const target = path.join(tmp, "restored");
    const recovery = {
      name: "restore-docs",
      snapshotEnvironment: "kPhysical" as const,
      physicalParams: {
        objects: [{ snapshotId: snapshot.id! }],
        recoveryAction: "RecoverFiles" as const,
        recoverFileAndFolderParams: {
          targetEnvironment: "kPhysical" as const,
          filesAndFolders: [{ absolutePath: path.join(src, "big.bin") }, { absolutePath: path.join(src, "docs"), isDirectory: true }],
          physicalTargetParams: { recoverTarget: { id: hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: target },
        },
      },
    };
    expect((await trpcError(viewer.recovery.create({ recovery }))).code).toBe("FORBIDDEN");
    const restore = await operator.recovery.create({ recovery, idempotencyKey: `restore-${Date.now()}` });
    const restored = await waitFor("the restore to finish", async () => {
      const r = await viewer.recovery.get({ id: restore.id! });
      return r.view.finished ? r : undefined;
    }, 120_000);
    expect(restored.view.status).toBe("Succeeded");
    for (const name of Object.keys(FILES)) {
      expect(sha256(await readFile(path.join(target, src, name))), name).toBe(sha256(originals.get(name)!));
    }

    // Download the docs folder as a zip through its ticket (what the portal's download route redeems).
    const zipRecovery = await operator.recovery.createDownload({
      request: { name: "zip-docs", object: { snapshotId: snapshot.id! }, filesAndFolders: [{ absolutePath: path.join(src, "docs"), isDirectory: true }] },
    });
    await waitFor("the download recovery to finish", async () => {
      const r = await viewer.recovery.get({ id: zipRecovery.id! });
      return r.view.finished ? r : undefined;
    }, 120_000).then((r) => expect(r.view.status).toBe("Succeeded"));
    expect((await trpcError(viewer.recovery.download({ id: zipRecovery.id! }))).code).toBe("FORBIDDEN");
    const zipTicket = await operator.recovery.download({ id: zipRecovery.id! });
    const redeem = (ticket: string) => redeemDownloadTicket({ db: t.db, upstreamFor, log: silentLog, sessionUserId: cast.users.operator.id }, ticket);
    const zip = await readAll((await redeem(zipTicket.ticket)).stream);
    const zipFile = path.join(tmp, "docs.zip");
    await writeFile(zipFile, zip);
    const listing = (await run("unzip", ["-Z1", zipFile])).stdout.split("\n").filter(Boolean).sort();
    expect(listing).toEqual(expect.arrayContaining(["docs/notes.md", "docs/report-2026.txt"]));
    const fromZip = (await run("unzip", ["-p", zipFile, "docs/report-2026.txt"], { encoding: "buffer" })).stdout;
    expect(sha256(fromZip)).toBe(sha256(originals.get("docs/report-2026.txt")!));

    // One file straight from the indexed snapshot: 9 MiB + 123 bytes arrive as two ranged upstream reads.
    const fileTicket = await operator.recovery.downloadFile({ snapshotId: snapshot.id!, filePath: path.join(src, "big.bin") });
    expect(fileTicket.fileName).toBe("big.bin");
    const whole = await readAll((await redeem(fileTicket.ticket)).stream);
    expect(whole.length).toBe(FILES["big.bin"]);
    expect(sha256(whole)).toBe(sha256(originals.get("big.bin")!));

    const audit = await t.db.auditEvent.findMany({ where: { procedure: { startsWith: "download." } }, select: { procedure: true, targetIds: true } });
    expect(audit.map((a) => a.procedure).sort()).toEqual(["download.indexedFile", "download.recoveryFiles"]);
  });
});
