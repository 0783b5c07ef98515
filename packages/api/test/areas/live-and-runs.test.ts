// Runs, recoveries, downloads and live updates through the area routers, against a small local
// HTTP upstream (run-upstream.ts) that can be made to misbehave: partial 207 answers, refused run
// actions, failed polls, a slow or unreachable upstream, shared poll loops counted per request.
// The happy path against the real engine, agent and restic is engine-runs.test.ts. Also: the
// upstream's request id reaching the audit log.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCaller, createContext, createUpstreamFor, redeemDownloadTicket, silentLog, type UpstreamFor,
} from "../../src/index.ts";
import { upstreamRequestIdOf } from "../../src/errors.ts";
import { liveHubsFor } from "../../src/live/live-updates.ts";
import { createCast, type ActorName, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { bindWorkspace, trpcError } from "./helpers.ts";
import { startRunUpstream, type RunUpstream } from "./run-upstream.ts";

const GROUP = "1:1:7";
let t: TestDb;
let up: RunUpstream;
let cast: Cast;
let connectionId: string;
let upstreamFor: UpstreamFor;

beforeAll(async () => {
  [t, up] = await Promise.all([openTestDb("areas_runs"), startRunUpstream()]);
  cast = await createCast(t.db);
  connectionId = await bindWorkspace(cast, up, "run-upstream");
  upstreamFor = createUpstreamFor({ db: t.db });
});
afterAll(async () => {
  await up?.close();
  await t?.close();
});

/** Callers sharing one upstreamFor, as the web app's requests do (one per process). */
function caller(actor: Exclude<ActorName, "anonymous">, signal?: AbortSignal) {
  const user = cast.users[actor];
  return createCaller(
    createContext({ db: t.db, session: { user: { id: user.id, email: user.email } }, clientIp: null, log: silentLog, upstreamFor }),
    signal ? { signal } : {},
  );
}

const startUsecs = (Date.now() - 60_000) * 1000;
const run = (n: number, status: string) => ({
  id: `${n}:${startUsecs + n}`,
  protectionGroupId: GROUP,
  localBackupInfo: { status, startTimeUsecs: startUsecs + n },
  objects: [{ localSnapshotInfo: { snapshotInfo: { status: "Succeeded" } } }, { localSnapshotInfo: { snapshotInfo: { status } } }],
});

describe("protection group runs", () => {
  it("lists and gets runs with duration, progress and ETA; NOT_FOUND for an unknown run", async () => {
    up.state.runs = [run(1, "Succeeded"), run(2, "Running")];
    const page = await caller("viewer").protectionGroup.run.list({ groupId: GROUP, limit: 10 });
    expect(page.items.map((r) => r.id)).toEqual([run(2, "Running").id, run(1, "Succeeded").id]);
    const running = page.items[0]!;
    expect(running.view).toMatchObject({ status: "Running", finished: false, progress: 0.5 });
    expect(running.view.etaMs).toBeGreaterThan(0);
    expect((await caller("viewer").protectionGroup.run.get({ groupId: GROUP, runId: run(1, "x").id })).view.finished).toBe(true);
    const missing = await trpcError(caller("viewer").protectionGroup.run.get({ groupId: GROUP, runId: "9:9" }));
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("starts a run once per idempotency key and records the upstream request id in the audit log", async () => {
    const before = up.state.created.runs.length;
    const key = `run-now-${Date.now()}`;
    const first = await caller("operator").protectionGroup.run.runNow({ groupId: GROUP, idempotencyKey: key });
    const second = await caller("operator").protectionGroup.run.runNow({ groupId: GROUP, idempotencyKey: key });
    expect(second).toEqual(first);
    expect(up.state.created.runs.length - before).toBe(1);
    const row = await t.db.auditEvent.findFirstOrThrow({ where: { procedure: "protectionGroup.run.runNow" }, orderBy: { at: "asc" } });
    expect(row.upstreamRequestId).toMatch(/^run-upstream-\d+$/);
    expect(row.targetIds).toContain(GROUP);
  });

  it("reports run actions the upstream refused (a wrong-state action is CONFLICT), and partial 207 updates", async () => {
    const refused = await trpcError(caller("operator").protectionGroup.run.pause({ groupId: GROUP, runId: run(1, "x").id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("run is not running");
    await caller("operator").protectionGroup.run.pause({ groupId: GROUP, runId: run(2, "x").id });
    await caller("operator").protectionGroup.run.cancel({ groupId: GROUP, runId: run(2, "x").id });
    expect(up.state.created.actions.map((a) => (a as { action: string }).action)).toEqual(["Pause", "Pause", "Cancel"]);

    const partial = await caller("admin").protectionGroup.run.update({
      groupId: GROUP,
      runs: [{ runId: run(1, "x").id, localSnapshotConfig: { daysToKeep: 3 } }, { runId: "8:8", localSnapshotConfig: { daysToKeep: 3 } }],
    });
    expect(partial).toEqual({ successfulRunIds: [run(1, "x").id], failedRuns: [{ runId: "8:8", errorMessage: "run not found" }] });
    const none = await trpcError(caller("admin").protectionGroup.run.update({ groupId: GROUP, runs: [{ runId: "8:8", localSnapshotConfig: { deleteSnapshot: true } }] }));
    expect(none.code).toBe("PRECONDITION_FAILED");
    expect((await trpcError(caller("operator").protectionGroup.run.update({ groupId: GROUP, runs: [{ runId: "8:8" }] }))).code).toBe("FORBIDDEN");
  });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("recoveries and downloads", () => {
  it("hands out tickets for an indexed file and the agent installer", async () => {
    up.state.file = Buffer.from("hello from a snapshot");
    const deps = { db: t.db, upstreamFor, log: silentLog, sessionUserId: cast.users.operator.id };
    const file = await caller("operator").recovery.downloadFile({ snapshotId: "snap-1", filePath: "/etc/hosts" });
    expect(file.fileName).toBe("hosts");
    expect((await readAll((await redeemDownloadTicket(deps, file.ticket)).stream)).toString()).toBe("hello from a snapshot");
    const agent = await caller("operator").agent.download({ platform: "kLinux", linuxParams: { packageType: "kScript" } });
    expect((await readAll((await redeemDownloadTicket(deps, agent.ticket)).stream)).toString()).toBe("agent-package-for-kLinux");
  });

  it("creates, lists and gets recoveries; a missing one is NOT_FOUND carrying the upstream request id", async () => {
    const created = await caller("operator").recovery.createDownload({
      request: { name: "grab-etc", object: { snapshotId: "snap-1" }, filesAndFolders: [{ absolutePath: "/etc" }] },
    });
    expect(created.view).toMatchObject({ status: "Running", finished: false });
    expect((await caller("viewer").recovery.list({})).items.map((r) => r.id)).toContain(created.id);
    // Newest first, paged by the server: the first page of one is the recovery started last.
    const newer = await caller("operator").recovery.createDownload({ request: { name: "grab-var", object: { snapshotId: "snap-1" }, filesAndFolders: [{ absolutePath: "/var" }] } });
    const firstPage = await caller("viewer").recovery.list({ limit: 1 });
    expect(firstPage.items.map((r) => r.id)).toEqual([newer.id]);
    expect((await caller("viewer").recovery.list({ limit: 1, cursor: firstPage.nextCursor })).items.map((r) => r.id)).toEqual([created.id]);
    expect((await caller("viewer").recovery.get({ id: created.id! })).name).toBe("grab-etc");
    const missing = await trpcError(caller("viewer").recovery.get({ id: "9:9:9" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("recovery 9:9:9 does not exist");
    expect(upstreamRequestIdOf(missing)).toMatch(/^run-upstream-/);
    const points = await caller("viewer").recovery.restorePoints({ protectionGroupIds: [GROUP], startTimeUsecs: 1, endTimeUsecs: 2, environment: "kPhysical" });
    expect(points.timeRangeInfo?.timeRanges).toHaveLength(1);
  });

  it("answers fileVersions from an upstream that is not a Lifeboat engine with NOT_IMPLEMENTED saying so", async () => {
    const refused = await trpcError(caller("viewer").recovery.fileVersions({ objectId: 7, path: "/etc/hosts" }));
    expect(refused.code).toBe("NOT_IMPLEMENTED");
    expect(refused.message).toBe("This upstream does not list file versions (a Lifeboat engine feature); search the index instead.");
    expect((await trpcError(caller("viewer").recovery.fileVersions({ objectId: 7, path: "etc/hosts" }))).message).toMatch(/path must be an absolute path/);
  });

  it("answers source.browse from an upstream that is not a Lifeboat engine with NOT_IMPLEMENTED and the hint to type paths", async () => {
    const refused = await trpcError(caller("admin").source.browse({ sourceId: 7, path: "/home" }));
    expect(refused.code).toBe("NOT_IMPLEMENTED");
    expect(refused.message).toBe("This service does not offer folder browsing; type the paths.");
    expect((await trpcError(caller("admin").source.browse({ sourceId: 7, path: "home" }))).message).toMatch(/path must be an absolute path/);
  });

  it("streams a download through a ticket in ranged chunks, for its user and role only", async () => {
    up.state.file = randomBytes(9 * 1024 * 1024 + 123); // two upstream chunks (8 MiB max, §Q 6)
    const recoveryId = (up.state.recoveries[0] as { id: string }).id;
    expect((await trpcError(caller("viewer").recovery.download({ id: recoveryId }))).code).toBe("FORBIDDEN");
    const issued = await caller("operator").recovery.download({ id: recoveryId });
    expect(issued.url).toBe(`/api/download?ticket=${issued.ticket}`);
    const hitsBefore = up.state.hits["GET /v2/data-protect/recoveries/{id}/download-files"] ?? 0;

    const redeemed = await redeemDownloadTicket({ db: t.db, upstreamFor, log: silentLog, sessionUserId: cast.users.operator.id }, issued.ticket);
    const chunks: Uint8Array[] = [];
    for await (const chunk of redeemed.stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(up.state.file)).toBe(true);
    expect((up.state.hits["GET /v2/data-protect/recoveries/{id}/download-files"] ?? 0) - hitsBefore).toBe(2);

    const deps = { db: t.db, upstreamFor, log: silentLog };
    await expect(redeemDownloadTicket({ ...deps, sessionUserId: cast.users.admin.id }, issued.ticket)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const tampered = `${issued.ticket.slice(0, -2)}xx`;
    await expect(redeemDownloadTicket({ ...deps, sessionUserId: cast.users.operator.id }, tampered)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      redeemDownloadTicket({ ...deps, sessionUserId: cast.users.operator.id, now: Date.now() + 6 * 60_000 }, issued.ticket),
    ).rejects.toThrow(/expired/);
    // Demoted after the ticket was issued: the role is checked again at redemption.
    await t.db.membership.update({ where: { userId_workspaceId: { userId: cast.users.operator.id, workspaceId: cast.workspaceId } }, data: { role: "viewer" } });
    try {
      await expect(redeemDownloadTicket({ ...deps, sessionUserId: cast.users.operator.id }, issued.ticket)).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await t.db.membership.update({ where: { userId_workspaceId: { userId: cast.users.operator.id, workspaceId: cast.workspaceId } }, data: { role: "operator" } });
    }
    const audit = await t.db.auditEvent.findFirst({ where: { procedure: "download.recoveryFiles" }, select: { targetIds: true, upstreamRequestId: true } });
    expect(audit?.targetIds).toEqual([recoveryId]);
    expect(audit?.upstreamRequestId).toMatch(/^run-upstream-/);
  });
});

/** A tracked() event as the in-process caller yields it (the envelope), or its data. */
function dataOf<T>(value: unknown): T {
  if (Array.isArray(value)) return value[1] as T;
  const v = value as { id?: unknown; data?: unknown };
  return (typeof v.id === "string" && v.data !== undefined ? v.data : value) as T;
}

describe("objects", () => {
  it("lists an object's snapshots and pages the indexed file search by cursor", async () => {
    const { items } = await caller("viewer").object.snapshots({ id: 17 });
    expect(items.map((snap) => snap.id)).toEqual(["snap-1"]);
    const first = await caller("viewer").object.searchFiles({ objectType: "Files", fileParams: { searchString: "txt" }, limit: 1 });
    expect(first.items).toEqual([{ name: "a.txt", path: "/data/a.txt" }]);
    const second = await caller("viewer").object.searchFiles({ objectType: "Files", fileParams: { searchString: "txt" }, limit: 1, cursor: first.nextCursor });
    expect(second).toEqual({ items: [{ name: "b.txt", path: "/data/b.txt" }], nextCursor: null });
  });
});

describe("live updates", () => {
  it("pushes run changes to many subscribers from one shared poll loop, stopped when they leave", async () => {
    up.state.runs = [run(3, "Running")];
    const controllers = Array.from({ length: 4 }, () => new AbortController());
    const streams = await Promise.all(
      controllers.map(async (c) => (await caller("viewer", c.signal).protectionGroup.run.watch({ groupId: GROUP }))[Symbol.asyncIterator]()),
    );
    const route = `GET /v2/data-protect/protection-groups/{id}/runs`;
    const pollsAtStart = up.state.hits[route] ?? 0;
    const first = await Promise.all(streams.map((s) => s.next()));
    for (const f of first) expect(dataOf<{ runs: { view: { status: string } }[] }>(f.value).runs[0]!.view.status).toBe("Running");

    up.state.runs = [{ ...run(3, "Succeeded"), localBackupInfo: { status: "Succeeded", startTimeUsecs: startUsecs + 3, endTimeUsecs: Date.now() * 1000 } }];
    const second = await Promise.all(streams.map((s) => s.next()));
    for (const s of second) expect(dataOf<{ runs: { view: { status: string } }[] }>(s.value).runs[0]!.view.status).toBe("Succeeded");
    // 4 subscribers over ~2 poll intervals: a handful of polls in total, not 4 per interval.
    expect((up.state.hits[route] ?? 0) - pollsAtStart).toBeLessThanOrEqual(4);

    for (const c of controllers) c.abort();
    await Promise.all(streams.map((s) => s.next()));
    expect(liveHubsFor(upstreamFor).runs.activeKeys()).toEqual([]);
    const afterLeave = up.state.hits[route] ?? 0;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(up.state.hits[route] ?? 0).toBe(afterLeave);
  });

  it("filters the shared recovery feed per subscriber and survives a failed poll", { timeout: 45_000 }, async () => {
    if (up.state.recoveries.length === 0) up.state.recoveries.push({ id: "1:1:500", name: "seed", status: "Running" });
    const mine = (up.state.recoveries[0] as { id: string }).id;
    const c = new AbortController();
    const stream = (await caller("viewer", c.signal).recovery.watch({ ids: [mine] }))[Symbol.asyncIterator]();
    type Feed = { recoveries: { id: string }[] | null; error: { code: string; upstreamRequestId: string | null } | null };
    const first = dataOf<Feed>((await stream.next()).value);
    expect(first.recoveries!.map((r) => r.id)).toEqual([mine]);
    // A failed poll reaches the subscriber as an error event; the stream stays open and resumes.
    // (GETs are retried by the upstream client, so the upstream keeps failing until we saw it.)
    up.state.failRecoveryLists = 1_000;
    const failed = dataOf<Feed>((await stream.next()).value);
    up.state.failRecoveryLists = 0;
    expect(failed.error).toMatchObject({ code: "SERVICE_UNAVAILABLE", upstreamRequestId: expect.stringMatching(/^run-upstream-/) });
    const resumed = dataOf<Feed>((await stream.next()).value);
    expect(resumed).toMatchObject({ error: null, recoveries: [{ id: mine }] });
    c.abort();
    await stream.next();
  });
});

describe("an unhealthy upstream", () => {
  it("answers a slow upstream with TIMEOUT after the BFF's read deadline, not a hung request", { timeout: 40_000 }, async () => {
    // The upstream would answer after 25 s; TIMEOUT means the BFF's 15 s read deadline ended the call.
    up.state.delayMs = 25_000;
    try {
      const error = await trpcError(caller("viewer").recovery.list({}));
      expect(error.code).toBe("TIMEOUT");
    } finally {
      up.state.delayMs = 0;
    }
  });

  it("answers an unreachable upstream fast with a clear error", async () => {
    // A new service URL needs the key entered again (a stored key never follows a changed URL).
    await cast.caller("admin").upstreamConnection.update({ id: connectionId, serviceUrl: "http://127.0.0.1:9/v2", apiKey: up.apiKey });
    const error = await trpcError(caller("viewer").policy.list({}));
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.message).toBe("The upstream service cannot be reached right now; try again shortly");
  });
});
