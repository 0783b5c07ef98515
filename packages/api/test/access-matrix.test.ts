// Every procedure of appRouter under every kind of caller (src/authority.ts): anonymous, instance
// admin, workspace admin in their workspace, the same workspace admin acting on another workspace
// (selected, and named in the input), operator, viewer, the ops flag alone, and API tokens at each
// role. The procedures come from the router itself, so a new one fails "has a rule for every
// procedure" until its rule is decided here. A refusal must be UNAUTHORIZED or FORBIDDEN — never a
// success, never a handler-level answer that would mean the check let it through.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AREA_ACCESS, appRouter, hasRole, type Role } from "../src/index.ts";
import { callerFor, createCast, tokenCaller, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

/**
 * signedIn: any signed-in caller, tokens included; session: signed in without an API token;
 * role: that role (or more) in the selected workspace, tokens capped at their role unless
 * `tokens: false`; manage: the workspace named in the input (instance admin, or admin there;
 * session only); instance: instance admin (session only); ops: the ops flag (session only).
 */
type Rule = "signedIn" | "session" | "manage" | "instance" | "ops" | { role: Role; tokens?: false };

const MISSING = "missing-record-id";
let seq = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

interface Scene {
  cast: Cast;
  t: TestDb;
  /** The workspace the actor acts on: their own, or for "workspaceAdmin@other" the other one. */
  target: string;
}

/** A user created for one call, member of `workspaceId` at `role` when given. */
async function freshUser(s: Scene, role?: Role) {
  return s.t.db.user.create({
    data: { email: `${unique("member")}@example.test`, ...(role ? { memberships: { create: { workspaceId: s.target, role } } } : {}) },
    select: { id: true },
  });
}

// [rule, input factory]. Inputs name records that do not exist, fresh records, or the target
// workspace, so an allowed call ends in success or a handler-level NOT_FOUND / PRECONDITION_FAILED.
const OWN: Record<string, [Rule, (s: Scene) => unknown]> = {
  "alert.list": [{ role: "viewer" }, () => ({})],
  "alert.get": [{ role: "viewer" }, () => ({ id: MISSING })],
  "alert.summary": [{ role: "viewer" }, () => undefined],
  "alert.conditions": [{ role: "viewer" }, () => undefined],
  "alert.acknowledge": [{ role: "operator" }, () => ({ id: MISSING, note: "seen" })],
  "alertChannel.list": [{ role: "admin" }, () => undefined],
  "alertChannel.get": [{ role: "admin" }, () => ({ id: MISSING })],
  "alertChannel.create": [
    { role: "admin" },
    () => ({ name: unique("mail"), kind: "email", smtp: { host: "127.0.0.1", port: 9, security: "none", from: "lifeboat@example.test" }, recipients: ["ops@example.test"] }),
  ],
  "alertChannel.update": [{ role: "admin" }, () => ({ id: MISSING, name: unique("renamed") })],
  "alertChannel.delete": [{ role: "admin" }, () => ({ id: MISSING })],
  "alertChannel.test": [{ role: "admin" }, () => ({ id: MISSING })],
  "alertChannel.deliveries": [{ role: "admin" }, () => ({ id: MISSING })],
  "alertRule.list": [{ role: "admin" }, () => undefined],
  // A channel id that does not exist: an allowed call ends in BAD_REQUEST naming it (see REACHED).
  "alertRule.create": [{ role: "admin" }, () => ({ name: unique("rule"), conditions: ["run.failed"], channelIds: [MISSING] })],
  "alertRule.update": [{ role: "admin" }, () => ({ id: MISSING, name: unique("rule"), conditions: ["run.failed"], channelIds: [MISSING] })],
  "alertRule.delete": [{ role: "admin" }, () => ({ id: MISSING })],
  "alertSettings.get": [{ role: "viewer" }, () => undefined],
  "alertSettings.update": [
    { role: "admin" },
    () => ({ agentOfflineMinutes: 10, runStalledMinutes: 30, staleHours: null, staleFactor: 2, storagePercent: 85, upstreamFailures: 3, eventHours: 24 }),
  ],
  // The workspaces have no upstream connection: an allowed call ends in PRECONDITION_FAILED.
  "report.protection": [{ role: "viewer" }, () => undefined],
  "report.download": [{ role: "viewer" }, () => ({ report: "runs" })],
  "apiToken.list": [{ role: "viewer" }, () => ({})],
  "apiToken.create": [{ role: "viewer", tokens: false }, () => ({ name: unique("token"), role: "viewer", expiresInDays: 1 })],
  "apiToken.revoke": [{ role: "viewer", tokens: false }, () => ({ id: MISSING })],
  "audit.list": [{ role: "admin" }, () => ({})],
  "dashboard.summary": [{ role: "viewer" }, () => undefined],
  "dashboard.series": [{ role: "viewer" }, () => ({ days: 7 })],
  "dashboard.ops": ["ops", () => undefined],
  "dashboard.opsSeries": ["ops", () => ({})],
  "me.get": ["signedIn", () => undefined],
  // Not a member of the other workspace: NOT_FOUND from the handler (the selection is checked there).
  "me.selectWorkspace": ["signedIn", (s) => ({ workspaceId: s.target })],
  // The cast's users have no password: an allowed call ends in PRECONDITION_FAILED.
  "me.changePassword": ["session", () => ({ currentPassword: "old password", newPassword: "a-new-long-password" })],
  // The user's own browser sessions (Settings → Your sessions); an API token is not a session.
  "me.session.list": ["session", () => undefined],
  "me.session.revoke": ["session", () => ({ id: "no-such-session" })],
  "me.session.revokeAll": ["session", () => undefined],
  // Two-factor sign-in of the user's own account; the cast's users have no password (setup is
  // PRECONDITION_FAILED), no setup started (confirm) and two-factor off (disable).
  "me.twoFactor.status": ["session", () => undefined],
  "me.twoFactor.setup": ["session", () => undefined],
  "me.twoFactor.confirm": ["session", () => ({ code: "123456" })],
  "me.twoFactor.disable": ["session", () => ({ password: "some password" })],
  "instanceSettings.get": ["instance", () => undefined],
  "instanceSettings.update": ["instance", () => ({ requireAdminTwoFactor: false })],
  "upstreamConnection.list": ["instance", () => undefined],
  "upstreamConnection.get": ["instance", () => ({ id: MISSING })],
  "upstreamConnection.create": [
    "instance",
    () => ({ name: unique("conn"), kind: "engine", serviceUrl: "http://127.0.0.1:9/v2", tenantId: "default/", apiKey: "matrix-key" }),
  ],
  "upstreamConnection.update": ["instance", () => ({ id: MISSING, name: unique("renamed") })],
  "upstreamConnection.delete": ["instance", () => ({ id: MISSING })],
  "upstreamConnection.test": ["instance", () => ({ id: MISSING })],
  "user.list": [{ role: "admin" }, () => ({})],
  "user.create": [
    "instance",
    (s) => ({ email: `${unique("new")}@example.test`, password: "a-long-enough-password", isOps: true, membership: { workspaceId: s.target, role: "admin" } }),
  ],
  "user.update": ["instance", () => ({ id: MISSING, name: "Nobody" })],
  "user.resetPassword": ["instance", () => ({ id: MISSING })],
  "user.resetTwoFactor": ["instance", () => ({ id: MISSING })],
  "user.setRole": ["manage", async (s) => ({ userId: (await freshUser(s)).id, workspaceId: s.target, role: "admin" })],
  "user.removeFromWorkspace": ["manage", async (s) => ({ userId: (await freshUser(s, "viewer")).id, workspaceId: s.target })],
  "user.delete": ["instance", () => ({ id: MISSING })],
  "workspace.list": ["signedIn", () => undefined],
  // Another workspace's get is NOT_FOUND from the handler: its name does not leak.
  "workspace.get": ["signedIn", (s) => ({ id: s.target })],
  "workspace.create": ["instance", () => ({ name: unique("ws") })],
  "workspace.update": ["manage", (s) => ({ id: s.target, name: unique("ws") })],
  "workspace.delete": ["instance", () => ({ id: MISSING })],
};

// Area procedures take their role from the one AREA_ACCESS table; `{}` is enough, as the role
// check runs before the input is read and an allowed call stops at "no upstream connection yet".
const TABLE: Record<string, [Rule, (s: Scene) => unknown]> = {
  ...OWN,
  ...Object.fromEntries(Object.entries(AREA_ACCESS).map(([path, role]) => [path, [{ role }, () => ({})]])),
};

/** Handler-level answers: the call passed the access check and was judged on its record or input. */
const REACHED = new Set(["NOT_FOUND", "PRECONDITION_FAILED"]);
const REACHED_BAD_REQUEST = new Set(["alertRule.create", "alertRule.update"]);

const ACTORS = [
  "anonymous",
  "instanceAdmin",
  "workspaceAdmin",
  "workspaceAdmin@other",
  "operator",
  "viewer",
  "ops",
  "token:admin",
  "token:operator",
  "token:viewer",
] as const;
type Actor = (typeof ACTORS)[number];

/** The actor's role in the workspace they act on (none for the other workspace and the ops user). */
function roleOf(actor: Actor): Role | null {
  switch (actor) {
    case "instanceAdmin":
    case "workspaceAdmin":
      return "admin";
    case "operator":
    case "viewer":
      return actor;
    case "token:admin":
    case "token:operator":
    case "token:viewer":
      // The tokens belong to the workspace admin: the token's own role is the cap.
      return actor.slice("token:".length) as Role;
    default:
      return null;
  }
}

function expected(rule: Rule, actor: Actor): "allow" | "UNAUTHORIZED" | "FORBIDDEN" {
  if (actor === "anonymous") return "UNAUTHORIZED";
  const token = actor.startsWith("token:");
  if (rule === "signedIn") return "allow";
  if (rule === "session") return token ? "FORBIDDEN" : "allow";
  if (rule === "ops") return actor === "ops" ? "allow" : "FORBIDDEN";
  if (rule === "instance") return actor === "instanceAdmin" ? "allow" : "FORBIDDEN";
  if (rule === "manage") return actor === "instanceAdmin" || actor === "workspaceAdmin" ? "allow" : "FORBIDDEN";
  if (token && rule.tokens === false) return "FORBIDDEN";
  const role = roleOf(actor);
  return role && hasRole(role, rule.role) ? "allow" : "FORBIDDEN";
}

type Callable = (input: unknown) => Promise<unknown>;

async function outcome(caller: unknown, path: string, input: unknown): Promise<string> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    await (target as Callable)(input);
    return "allow";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN") return error.code;
    if (REACHED.has(error.code) || (error.code === "BAD_REQUEST" && REACHED_BAD_REQUEST.has(path))) return "allow";
    return `${error.code}: ${error.message}`;
  }
}

let t: TestDb;
let cast: Cast;
const callers = {} as Record<Actor, { caller: unknown; target: string }>;

beforeAll(async () => {
  t = await openTestDb("matrix");
  cast = await createCast(t.db);
  const W = cast.workspaceId;
  const X = cast.otherWorkspaceId;
  const session = (name: keyof Cast["users"] | null, selected: string) => callerFor(t.db, name ? cast.users[name] : null, { selectedWorkspaceId: selected });
  callers.anonymous = { caller: session(null, W), target: W };
  callers.instanceAdmin = { caller: session("admin", W), target: W };
  callers.workspaceAdmin = { caller: session("workspaceAdmin", W), target: W };
  // The workspace admin of W, with the other workspace selected and named in inputs.
  callers["workspaceAdmin@other"] = { caller: session("workspaceAdmin", X), target: X };
  callers.operator = { caller: session("operator", W), target: W };
  callers.viewer = { caller: session("viewer", W), target: W };
  callers.ops = { caller: session("ops", W), target: W };
  for (const role of ["admin", "operator", "viewer"] as const) {
    callers[`token:${role}`] = { caller: (await tokenCaller(t.db, cast.users.workspaceAdmin, W, role)).caller, target: W };
  }
});
afterAll(() => t?.close());

describe("access matrix", () => {
  it("has a rule for every procedure of appRouter, and nothing else", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(TABLE).sort());
  });

  it("gives operators exactly the run and recovery actions among the area procedures", () => {
    expect(Object.entries(AREA_ACCESS).filter(([, r]) => r === "operator").map(([p]) => p).sort()).toEqual([
      "agent.download",
      "protectionGroup.run.cancel",
      "protectionGroup.run.pause",
      "protectionGroup.run.resume",
      "protectionGroup.run.runNow",
      "recovery.cancel",
      "recovery.create",
      "recovery.createDownload",
      "recovery.download",
      "recovery.downloadFile",
    ]);
  });

  for (const [path, [rule, input]] of Object.entries(TABLE)) {
    it(`${path} (${typeof rule === "string" ? rule : `${rule.role}${rule.tokens === false ? ", no tokens" : ""}`})`, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const actor of ACTORS) {
        const { caller, target } = callers[actor];
        seen[actor] = await outcome(caller, path, await input({ cast, t, target }));
        want[actor] = expected(rule, actor);
      }
      expect(seen).toEqual(want);
    });
  }

  it("refuses a disabled user even with a valid session", async () => {
    const disabled = await t.db.user.create({
      data: { email: `disabled-${Date.now()}@example.test`, disabled: true, isInstanceAdmin: true, memberships: { create: { workspaceId: cast.workspaceId, role: "admin" } } },
      select: { id: true, email: true },
    });
    await expect(callerFor(t.db, disabled).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("reports a selection the user is not a member of as invalid instead of acting elsewhere", async () => {
    const me = await cast.caller("workspaceAdmin", { selectedWorkspaceId: cast.otherWorkspaceId }).me.get();
    expect(me.selectedWorkspaceId).toBeNull();
    expect(me.selectionInvalid).toBe(true);
  });
});
