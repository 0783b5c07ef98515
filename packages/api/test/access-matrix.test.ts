// Every procedure under every role: who may call what. The table must list every procedure of
// appRouter, so a new procedure cannot ship without its access rule being decided here.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, AREA_ACCESS } from "../src/index.ts";
import { createCast, type ActorName, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

// member: any role in the selected workspace (viewer+); ops: the global ops flag.
type Access = "anyone" | "signedIn" | "member" | "operator" | "admin" | "ops";
const MISSING = "missing-record-id";
let seq = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

// [access rule, input factory]. Inputs name records that do not exist (or create fresh ones), so
// an allowed call ends in success or NOT_FOUND and a denied one in UNAUTHORIZED / FORBIDDEN.
const table: Record<string, [Access, (cast: Cast) => unknown]> = {
  "alert.list": ["member", () => ({})],
  "alert.get": ["member", () => ({ id: MISSING })],
  "alert.summary": ["member", () => undefined],
  "alert.conditions": ["member", () => undefined],
  "alert.acknowledge": ["operator", () => ({ id: MISSING, note: "seen" })],
  "alertChannel.list": ["admin", () => undefined],
  "alertChannel.get": ["admin", () => ({ id: MISSING })],
  "alertChannel.create": [
    "admin",
    () => ({ name: unique("mail"), kind: "email", smtp: { host: "127.0.0.1", port: 9, security: "none", from: "lifeboat@example.test" }, recipients: ["ops@example.test"] }),
  ],
  "alertChannel.update": ["admin", () => ({ id: MISSING, name: unique("renamed") })],
  "alertChannel.delete": ["admin", () => ({ id: MISSING })],
  "alertChannel.test": ["admin", () => ({ id: MISSING })],
  "alertChannel.deliveries": ["admin", () => ({ id: MISSING })],
  "alertRule.list": ["admin", () => undefined],
  // A channel id that does not exist: an allowed call ends in BAD_REQUEST naming it (see outcome()).
  "alertRule.create": ["admin", () => ({ name: unique("rule"), conditions: ["run.failed"], channelIds: [MISSING] })],
  "alertRule.update": ["admin", () => ({ id: MISSING, name: unique("rule"), conditions: ["run.failed"], channelIds: [MISSING] })],
  "alertRule.delete": ["admin", () => ({ id: MISSING })],
  "alertSettings.get": ["member", () => undefined],
  "alertSettings.update": [
    "admin",
    () => ({ agentOfflineMinutes: 10, runStalledMinutes: 30, staleHours: null, staleFactor: 2, storagePercent: 85, upstreamFailures: 3, eventHours: 24 }),
  ],
  // The cast's workspace has no upstream connection: an allowed call ends in PRECONDITION_FAILED.
  "report.protection": ["member", () => undefined],
  "report.download": ["member", () => ({ report: "runs" })],
  "apiToken.list": ["member", () => ({})],
  "apiToken.create": ["member", () => ({ name: unique("token"), role: "viewer", expiresInDays: 1 })],
  "apiToken.revoke": ["member", () => ({ id: MISSING })],
  "audit.list": ["admin", () => ({})],
  "dashboard.summary": ["member", () => undefined],
  "dashboard.series": ["member", () => ({ days: 7 })],
  "dashboard.ops": ["ops", () => undefined],
  "dashboard.opsSeries": ["ops", () => ({})],
  "me.get": ["signedIn", () => undefined],
  "me.selectWorkspace": ["signedIn", (c) => ({ workspaceId: c.workspaceId })],
  // The cast's users have no password: an allowed call ends in PRECONDITION_FAILED (see outcome()).
  "me.changePassword": ["signedIn", () => ({ currentPassword: "old password", newPassword: "a-new-long-password" })],
  "upstreamConnection.list": ["admin", () => undefined],
  "upstreamConnection.get": ["admin", () => ({ id: MISSING })],
  "upstreamConnection.create": [
    "admin",
    () => ({ name: unique("conn"), kind: "engine", serviceUrl: "http://127.0.0.1:9/v2", tenantId: "default/", apiKey: "matrix-key" }),
  ],
  "upstreamConnection.update": ["admin", () => ({ id: MISSING, name: unique("renamed") })],
  "upstreamConnection.delete": ["admin", () => ({ id: MISSING })],
  "upstreamConnection.test": ["admin", () => ({ id: MISSING })],
  "user.list": ["admin", () => ({})],
  "user.create": ["admin", () => ({ email: `${unique("new")}@example.test`, password: "a-long-enough-password" })],
  "user.update": ["admin", () => ({ id: MISSING, name: "Nobody" })],
  "user.resetPassword": ["admin", () => ({ id: MISSING })],
  "user.setRole": ["admin", (c) => ({ userId: MISSING, workspaceId: c.workspaceId, role: "viewer" })],
  "user.removeFromWorkspace": ["admin", (c) => ({ userId: MISSING, workspaceId: c.workspaceId })],
  "user.delete": ["admin", () => ({ id: MISSING })],
  "workspace.list": ["signedIn", () => undefined],
  "workspace.get": ["signedIn", (c) => ({ id: c.workspaceId })],
  "workspace.create": ["admin", () => ({ name: unique("ws") })],
  "workspace.update": ["admin", () => ({ id: MISSING, name: unique("ws") })],
  "workspace.delete": ["admin", () => ({ id: MISSING })],
};

const actors: ActorName[] = ["anonymous", "viewer", "operator", "admin", "ops"];

function expected(access: Access, actor: ActorName): "allow" | "UNAUTHORIZED" | "FORBIDDEN" {
  if (access === "anyone") return "allow";
  if (actor === "anonymous") return "UNAUTHORIZED";
  if (access === "signedIn") return "allow";
  if (access === "ops") return actor === "ops" ? "allow" : "FORBIDDEN";
  if (access === "member") return actor === "ops" ? "FORBIDDEN" : "allow";
  if (access === "operator") return actor === "operator" || actor === "admin" ? "allow" : "FORBIDDEN";
  // Admin means admin of the selected workspace; the ops flag alone grants no workspace role.
  return actor === "admin" ? "allow" : "FORBIDDEN";
}

async function outcome(cast: Cast, actor: ActorName, path: string, input: unknown) {
  const caller = cast.caller(actor) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [area, name] = path.split(".") as [string, string];
  try {
    await caller[area]![name]!(input);
    return "allow";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN") return error.code;
    // Reached the handler: a refusal about the (missing) record or its state, not about the caller.
    expect(["NOT_FOUND", "PRECONDITION_FAILED", ...(path.startsWith("alertRule.") ? ["BAD_REQUEST"] : [])], `${path} as ${actor}: ${error.message}`).toContain(error.code);
    return "allow";
  }
}

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("matrix");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

describe("access matrix", () => {
  it("lists every procedure of appRouter", () => {
    // Area procedures (AREA_ACCESS) have their own matrix: test/areas/access-matrix.test.ts.
    const own = Object.keys(appRouter._def.procedures).filter((p) => !Object.hasOwn(AREA_ACCESS, p));
    expect(own.sort()).toEqual(Object.keys(table).sort());
  });

  for (const [path, [access, input]] of Object.entries(table)) {
    it(`${path} (${access})`, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const actor of actors) {
        seen[actor] = await outcome(cast, actor, path, input(cast));
        want[actor] = expected(access, actor);
      }
      expect(seen).toEqual(want);
    });
  }

  it("refuses a disabled user even with a valid session", async () => {
    const disabled = await t.db.user.create({
      data: { email: `disabled-${Date.now()}@example.test`, disabled: true, memberships: { create: { workspaceId: cast.workspaceId, role: "admin" } } },
      select: { id: true, email: true },
    });
    const { callerFor } = await import("./helpers/actors.ts");
    await expect(callerFor(t.db, disabled).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("acts in the selected workspace only, and refuses one the user is not a member of", async () => {
    const adminElsewhere = cast.caller("admin", { selectedWorkspaceId: cast.otherWorkspaceId });
    await expect(adminElsewhere.user.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const me = await adminElsewhere.me.get();
    expect(me.selectedWorkspaceId).toBeNull();
    expect(me.selectionInvalid).toBe(true);
  });
});
