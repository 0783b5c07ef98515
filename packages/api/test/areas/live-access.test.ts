// A running subscription re-checks its caller (live/access-recheck.ts): removed from the workspace,
// disabled, API token revoked or expired, workspace rebound to another upstream — the stream ends
// with a clear error instead of streaming on; a caller who keeps access keeps the stream. The
// upstream is the small local HTTP upstream (run-upstream.ts); live-engine.test.ts watches the
// real engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { contextFromApiToken, createCaller, createContext, createUpstreamFor, silentLog, type UpstreamFor } from "../../src/index.ts";
import { liveHubsFor } from "../../src/live/live-updates.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { bindWorkspace } from "./helpers.ts";
import { startRunUpstream, type RunUpstream } from "./run-upstream.ts";

const GROUP = "1:1:21";
const RECHECK_MS = 150;
let t: TestDb;
let up: RunUpstream;
let cast: Cast;
let upstreamFor: UpstreamFor;
let connectionId: string;

beforeAll(async () => {
  [t, up] = await Promise.all([openTestDb("areas_live_access"), startRunUpstream()]);
  cast = await createCast(t.db);
  connectionId = await bindWorkspace(cast, up, "live-access");
  upstreamFor = createUpstreamFor({ db: t.db });
  up.state.runs = [{ id: "1:500", protectionGroupId: GROUP, localBackupInfo: { status: "Running", startTimeUsecs: 500 } }];
  up.state.recoveries = [{ id: "1:1:600", name: "r", status: "Running" }];
});
afterAll(async () => {
  await up?.close();
  await t?.close();
});

/** A user of their own in the cast's workspace, so each test can take access away without touching the others. */
async function member(role: "viewer" | "operator" = "viewer") {
  const user = await t.db.user.create({
    data: { email: `live-${Math.random().toString(36).slice(2)}@example.test`, memberships: { create: { workspaceId: cast.workspaceId, role } } },
    select: { id: true, email: true },
  });
  return user;
}

function sessionCaller(user: { id: string; email: string }, signal: AbortSignal) {
  return createCaller(
    createContext({ db: t.db, session: { user }, clientIp: null, log: silentLog, upstreamFor, liveAccessRecheckMs: RECHECK_MS }),
    { signal },
  );
}

async function watchRuns(caller: ReturnType<typeof createCaller>) {
  const stream = (await caller.protectionGroup.run.watch({ groupId: GROUP }))[Symbol.asyncIterator]();
  const first = await stream.next();
  expect(first.done).toBe(false);
  return stream;
}

/** Reads events until the stream ends; resolves with the error it ended with. */
async function endOf(stream: AsyncIterator<unknown>): Promise<TRPCError> {
  for (;;) {
    try {
      const next = await stream.next();
      if (next.done) throw new Error("the stream ended without an error");
    } catch (error) {
      expect(error).toBeInstanceOf(TRPCError);
      return error as TRPCError;
    }
  }
}

describe("subscriptions re-check access while they run", () => {
  it("ends a run watch with FORBIDDEN when the user is removed from the workspace, and stops its poll loop", async () => {
    const user = await member();
    const abort = new AbortController();
    const stream = await watchRuns(sessionCaller(user, abort.signal));
    expect(liveHubsFor(upstreamFor).runs.activeKeys()).toContain(`${connectionId}|${GROUP}`);
    await t.db.membership.delete({ where: { userId_workspaceId: { userId: user.id, workspaceId: cast.workspaceId } } });
    const error = await endOf(stream);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/^You are no longer a member of workspace "main-/);
    expect(liveHubsFor(upstreamFor).runs.activeKeys()).not.toContain(`${connectionId}|${GROUP}`);
  });

  it("ends a recovery watch with UNAUTHORIZED when the user is disabled", async () => {
    const user = await member("operator");
    const abort = new AbortController();
    const stream = (await sessionCaller(user, abort.signal).recovery.watch({}))[Symbol.asyncIterator]();
    expect((await stream.next()).done).toBe(false);
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    const error = await endOf(stream);
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("Your session is no longer valid; sign in again");
  });

  it("ends a watch opened with an API token when the token is revoked, and when it expires", async () => {
    const user = await member();
    const owner = createCaller(createContext({ db: t.db, session: { user }, clientIp: null, log: silentLog, upstreamFor }));
    const revoked = await owner.apiToken.create({ name: "live-revoked", role: "viewer" });
    const expiring = await owner.apiToken.create({ name: "live-expiring", role: "viewer" });
    const tokenCaller = async (token: string, signal: AbortSignal) =>
      createCaller(await contextFromApiToken(t.db, `Bearer ${token}`, { clientIp: null, log: silentLog, upstreamFor, liveAccessRecheckMs: RECHECK_MS }), { signal });

    const a = await watchRuns(await tokenCaller(revoked.token, new AbortController().signal));
    const b = await watchRuns(await tokenCaller(expiring.token, new AbortController().signal));
    await owner.apiToken.revoke({ id: revoked.apiToken.id });
    await t.db.apiToken.update({ where: { id: expiring.apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const [ea, eb] = await Promise.all([endOf(a), endOf(b)]);
    expect([ea.code, ea.message]).toEqual(["UNAUTHORIZED", 'API token "live-revoked" was revoked']);
    expect(eb.code).toBe("UNAUTHORIZED");
    expect(eb.message).toMatch(/^API token "live-expiring" expired on \d{4}-/);
  });

  it("ends a watch with PRECONDITION_FAILED when the workspace is bound to another upstream connection", async () => {
    const user = await member();
    const other = await t.db.workspace.create({ data: { name: `rebound-${Date.now()}`, connectionId, memberships: { create: { userId: user.id, role: "viewer" } } } });
    const caller = createCaller(
      createContext({ db: t.db, session: { user }, clientIp: null, log: silentLog, upstreamFor, selectedWorkspaceId: other.id, liveAccessRecheckMs: RECHECK_MS }),
      { signal: new AbortController().signal },
    );
    const stream = await watchRuns(caller);
    await t.db.workspace.update({ where: { id: other.id }, data: { connectionId: null } });
    const error = await endOf(stream);
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toContain("now uses another upstream connection");
  });

  it("keeps the stream of a caller who keeps access across many re-checks", async () => {
    const user = await member();
    const abort = new AbortController();
    const stream = await watchRuns(sessionCaller(user, abort.signal));
    // Several re-check intervals pass (each one reads the database), then the run changes: still delivered.
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 5));
    up.state.runs = [{ id: "1:500", protectionGroupId: GROUP, localBackupInfo: { status: "Succeeded", startTimeUsecs: 500, endTimeUsecs: 900 } }];
    const next = await stream.next();
    expect(next.done).toBe(false);
    expect(JSON.stringify(next.value)).toContain("Succeeded");
    abort.abort();
    expect((await stream.next()).done).toBe(true);
  });
});
