// Workspace actions check the caller's authority over the workspace they act on, not only in the
// one they are working in: an admin of A who is a viewer of B cannot rename or rebind B, and only
// instance admins create, delete or rebind workspaces (src/authority.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("ws_target_role");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

describe("workspace actions use the authority over the target workspace", () => {
  it("refuses a rename where the workspace admin is only a viewer, naming the role there", async () => {
    const admin = cast.caller("workspaceAdmin");
    const b = await t.db.workspace.create({ data: { name: "Viewer here", memberships: { create: { userId: cast.users.workspaceAdmin.id, role: "viewer" } } } });
    await expect(admin.workspace.update({ id: b.id, name: "Renamed" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'This needs the admin role in workspace "Viewer here" (you are viewer there)',
    });
    await expect(admin.workspace.delete({ id: b.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.workspace.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ name: "Viewer here" });
  });

  it("refuses a workspace the workspace admin does not belong to without saying whether it exists", async () => {
    const admin = cast.caller("workspaceAdmin");
    await expect(admin.workspace.update({ id: cast.otherWorkspaceId, name: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.workspace.update({ id: "no-such-workspace", name: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a workspace admin rename their own workspace but not rebind it", async () => {
    const admin = cast.caller("workspaceAdmin");
    expect(await admin.workspace.update({ id: cast.workspaceId, name: `renamed-${Date.now()}` })).toMatchObject({ id: cast.workspaceId });
    await expect(admin.workspace.update({ id: cast.workspaceId, connectionId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets an instance admin create, rename, rebind and delete any workspace", async () => {
    const admin = cast.caller("admin");
    const c = await admin.workspace.create({ name: "Admin here" });
    expect(await admin.workspace.update({ id: c.id, name: "Admin here (renamed)", connectionId: null })).toMatchObject({ id: c.id, name: "Admin here (renamed)" });
    expect(await admin.workspace.update({ id: cast.otherWorkspaceId, name: "Other (renamed)" })).toMatchObject({ id: cast.otherWorkspaceId });
    expect(await admin.workspace.delete({ id: c.id })).toEqual({ id: c.id, deleted: true });
  });
});
