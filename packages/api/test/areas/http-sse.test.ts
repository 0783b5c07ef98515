// The area routers over real HTTP through tRPC's own Node handler (what apps/web's route does with
// the fetch adapter): a run watch delivered as server-sent events, and a bad input answered with
// per-field errors by the error formatter.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createContext, createUpstreamFor, silentLog } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { bindWorkspace } from "./helpers.ts";
import { startRunUpstream, type RunUpstream } from "./run-upstream.ts";

const GROUP = "1:1:9";
let t: TestDb;
let up: RunUpstream;
let cast: Cast;
let server: Server;
let base: string;
/** Users a test creates (and takes access from) besides the cast. */
const extraUsers: { id: string; email: string }[] = [];

beforeAll(async () => {
  [t, up] = await Promise.all([openTestDb("areas_http"), startRunUpstream()]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, up, "http-upstream");
  const upstreamFor = createUpstreamFor({ db: t.db });
  const users = Object.values(cast.users);
  // The test stands in for next-auth: the user id comes from a header only this test sends.
  const handler = createHTTPHandler({
    router: appRouter,
    createContext: ({ req }) => {
      const user = users.find((u) => u.id === req.headers["x-test-user"]) ?? extraUsers.find((u) => u.id === req.headers["x-test-user"]);
      return createContext({ db: t.db, session: user ? { user } : null, clientIp: null, log: silentLog, upstreamFor, liveAccessRecheckMs: 200 });
    },
  });
  server = createServer((req, res) => {
    req.url = (req.url ?? "/").replace(/^\/trpc/, "");
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await up?.close();
  await t?.close();
});

/** Reads a text/event-stream response as it arrives; `waitFor` fails if the stream ends first. */
function sseReader(res: Response) {
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  return {
    text: () => text,
    async waitFor(needle: string) {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}:\n${text}`);
        text += value;
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/** superjson's wire form of a plain JSON input. */
const wireInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));

describe("area routers over HTTP", () => {
  it("delivers run state changes as server-sent events", async () => {
    up.state.runs = [{ id: "1:100", protectionGroupId: GROUP, localBackupInfo: { status: "Running", startTimeUsecs: 100 } }];
    const abort = new AbortController();
    const res = await fetch(`${base}/protectionGroup.run.watch?input=${wireInput({ groupId: GROUP })}`, {
      headers: { accept: "text/event-stream", "x-test-user": cast.users.viewer.id },
      signal: abort.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = sseReader(res);
    await events.waitFor('"status":"Running"');
    expect(events.text()).toMatch(/^id: 1$/m);
    up.state.runs = [{ id: "1:100", protectionGroupId: GROUP, localBackupInfo: { status: "Succeeded", startTimeUsecs: 100, endTimeUsecs: 200 } }];
    await events.waitFor('"status":"Succeeded"');
    abort.abort();
    await events.cancel();
  });

  it("ends the event stream with a FORBIDDEN error event when the watcher loses the workspace", async () => {
    const user = await t.db.user.create({
      data: { email: `sse-${Date.now()}@example.test`, memberships: { create: { workspaceId: cast.workspaceId, role: "viewer" } } },
      select: { id: true, email: true },
    });
    extraUsers.push(user);
    const abort = new AbortController();
    const res = await fetch(`${base}/protectionGroup.run.watch?input=${wireInput({ groupId: GROUP })}`, {
      headers: { accept: "text/event-stream", "x-test-user": user.id },
      signal: abort.signal,
    });
    const events = sseReader(res);
    await events.waitFor('"protectionGroupId":"1:1:9"');
    await t.db.membership.delete({ where: { userId_workspaceId: { userId: user.id, workspaceId: cast.workspaceId } } });
    await events.waitFor("You are no longer a member of workspace");
    expect(events.text()).toMatch(/^event: serialized-error$/m);
    expect(events.text()).toContain('"code":"FORBIDDEN"');
    abort.abort();
    await events.cancel();
  });

  it("answers a bad input with BAD_REQUEST and per-field errors", async () => {
    const res = await fetch(`${base}/policy.create`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-test-user": cast.users.admin.id },
      body: JSON.stringify({ json: { policy: { name: "", backupPolicy: { regular: {} } }, idempotencyKey: "x" } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { code: string; fieldErrors: { fieldErrors: Record<string, string[]> } } } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(body.error.json.data.fieldErrors.fieldErrors)).toEqual(expect.arrayContaining(["idempotencyKey"]));
  });
});
