// Workspace actions check the caller's role in the workspace they act on, not only in the one they
// are working in: an admin of A who is a viewer of B cannot rename, rebind or delete B.
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

describe("workspace actions use the role in the target workspace", () => {
  it("refuses a rename or delete where the admin is only a viewer, naming the role there", async () => {
    const admin = cast.caller("admin");
    const b = await t.db.workspace.create({ data: { name: "Viewer here", memberships: { create: { userId: cast.users.admin.id, role: "viewer" } } } });
    await expect(admin.workspace.update({ id: b.id, name: "Renamed" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'This needs the admin role in workspace "Viewer here" (you are viewer there)',
    });
    await expect(admin.workspace.delete({ id: b.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.db.workspace.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ name: "Viewer here" });
  });

  it("answers NOT_FOUND for a workspace the caller does not belong to", async () => {
    await expect(cast.caller("admin").workspace.update({ id: cast.otherWorkspaceId, name: "Mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cast.caller("admin").workspace.delete({ id: cast.otherWorkspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("renames and deletes where the caller is admin", async () => {
    const admin = cast.caller("admin");
    const c = await admin.workspace.create({ name: "Admin here" });
    expect(await admin.workspace.update({ id: c.id, name: "Admin here (renamed)" })).toMatchObject({ id: c.id, name: "Admin here (renamed)" });
    expect(await admin.workspace.delete({ id: c.id })).toEqual({ id: c.id, deleted: true });
  });
});
