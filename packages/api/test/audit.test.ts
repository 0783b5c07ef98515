// The audit trail: one row per mutation (allowed or refused) with who, what, outcome and timing,
// nothing secret in it, and an admin-only list that filters and pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("audit");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

const SECRET_KEY = "apikey-Secret-9f8e7d6c5b4a";
const SECRET_PASSWORD = "Pa55word-that-is-secret";

describe("audit", () => {
  it("records each mutation once, with actor, workspace, targets, outcome and client IP", async () => {
    const admin = cast.caller("admin", { clientIp: "198.51.100.23" });
    const before = await t.db.auditEvent.count();
    const { user } = await admin.user.create({ email: "audited@example.test", password: SECRET_PASSWORD });
    await admin.user.setRole({ userId: user.id, workspaceId: cast.workspaceId, role: "operator" });
    await admin.upstreamConnection.create({
      name: "Audited",
      kind: "engine",
      serviceUrl: "http://127.0.0.1:9/v2",
      tenantId: "default/",
      apiKey: SECRET_KEY,
    });
    await admin.user.list({}); // a query: not audited
    const rows = await t.db.auditEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "asc" }, skip: before });
    expect(rows.map((r) => r.procedure)).toEqual(["user.create", "user.setRole", "upstreamConnection.create"]);
    expect(rows[0]).toMatchObject({
      userId: cast.users.admin.id,
      actor: cast.users.admin.email,
      // An instance admin's user.create acts on no workspace (none given as first membership).
      workspaceId: null,
      outcome: "ok",
      errorCode: null,
      clientIp: "198.51.100.23",
      targetIds: [user.id],
    });
    expect(rows[1]?.targetIds).toEqual(expect.arrayContaining([user.id, cast.workspaceId]));
    for (const r of rows) expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("records refused and failed mutations with their error code", async () => {
    await expect(cast.caller("viewer").workspace.create({ name: "not allowed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cast.caller("anonymous").user.delete({ id: cast.users.viewer.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(cast.caller("admin").user.delete({ id: "no-such-user" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rows = await t.db.auditEvent.findMany({ where: { outcome: "error" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.procedure, r.actor, r.errorCode])).toEqual([
      ["workspace.create", cast.users.viewer.email, "FORBIDDEN"],
      ["user.delete", "anonymous", "UNAUTHORIZED"],
      ["user.delete", cast.users.admin.email, "NOT_FOUND"],
    ]);
    expect(rows[1]).toMatchObject({ userId: null, targetIds: [cast.users.viewer.id] });
  });

  it("keeps the event when the mutation deleted the record it points at", async () => {
    const admin = cast.caller("admin");
    const ws = await admin.workspace.create({ name: "short-lived" });
    await admin.workspace.delete({ id: ws.id });
    const row = await t.db.auditEvent.findFirstOrThrow({ where: { procedure: "workspace.delete" } });
    expect(row).toMatchObject({ outcome: "ok", targetIds: [ws.id] });
  });

  it("contains no secret anywhere", async () => {
    const dump = JSON.stringify(await t.db.auditEvent.findMany(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(dump).not.toContain(SECRET_KEY);
    expect(dump).not.toContain(SECRET_PASSWORD);
  });

  it("lets admins filter and page the log, newest first", async () => {
    const admin = cast.caller("admin");
    const all = await admin.audit.list({ limit: 100 });
    const ids = all.items.map((i) => BigInt(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));

    const collected: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.audit.list>> = await admin.audit.list({ cursor, limit: 2 });
      collected.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(collected).toEqual(all.items.map((i) => i.id));

    const errors = await admin.audit.list({ outcome: "error" });
    expect(errors.items.length).toBe(3);
    const userEvents = await admin.audit.list({ procedure: "user." });
    expect(new Set(userEvents.items.map((i) => i.procedure))).toEqual(new Set(["user.create", "user.setRole", "user.delete"]));
    const byViewer = await admin.audit.list({ userId: cast.users.viewer.id });
    expect(byViewer.items.map((i) => i.procedure)).toEqual(["workspace.create"]);
    const future = await admin.audit.list({ from: new Date(Date.now() + 60_000) });
    expect(future.items).toEqual([]);
    await expect(admin.audit.list({ from: new Date(2026, 1, 2), to: new Date(2026, 1, 1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
