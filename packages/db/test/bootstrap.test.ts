import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapPortal, decryptSecret, verifyPassword, type Db } from "../src/index.ts";
import { migratedDatabase } from "./migrated-database.ts";

const secret = "bootstrap-test-secret-0123456789-abcdef";
const engine = {
  serviceUrl: "http://127.0.0.1:4000/v2",
  iamTokenUrl: "http://127.0.0.1:4000/identity/token",
  tenantId: "default/",
  apiKey: "engine-key-1",
};

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await migratedDatabase("db_bootstrap"));
});
afterAll(async () => close());

describe("bootstrapPortal", () => {
  it("creates admin, Default workspace and engine connection once, returning a generated password once", async () => {
    const first = await bootstrapPortal(db, { engine, secret });
    expect(first.admin).toMatchObject({ email: "admin@lifeboat.local", created: true });
    const password = first.admin.generatedPassword;
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);

    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@lifeboat.local" }, include: { memberships: true } });
    expect(admin.isOps).toBe(true);
    expect(await verifyPassword(admin.passwordHash!, password!)).toBe(true);
    expect(admin.memberships).toEqual([expect.objectContaining({ role: "admin", workspaceId: first.workspace?.id })]);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { name: "Default" }, include: { connection: true } });
    expect(workspace.connection).toMatchObject({ kind: "engine", serviceUrl: engine.serviceUrl, tenantId: "default/" });
    expect(workspace.connection?.apiKeyCiphertext).not.toContain("engine-key-1");
    expect(decryptSecret(workspace.connection!.apiKeyCiphertext, secret)).toBe("engine-key-1");

    // A later start (other env, new engine port): nothing duplicated, password untouched.
    const moved = { ...engine, serviceUrl: "http://127.0.0.1:4100/v2", iamTokenUrl: "http://127.0.0.1:4100/identity/token" };
    const second = await bootstrapPortal(db, { adminEmail: "other@example.com", adminPassword: "another-password", engine: moved, secret });
    expect(second.admin).toEqual({ email: "admin@lifeboat.local", created: false });
    expect(second.workspace).toMatchObject({ id: first.workspace?.id, created: false });
    expect(second.engineConnection).toEqual({ id: first.engineConnection?.id, created: false, updated: true });
    expect(await db.user.count()).toBe(1);
    expect(await db.workspace.count()).toBe(1);
    expect(await db.upstreamConnection.count()).toBe(1);
    const after = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(after.passwordHash).toBe(admin.passwordHash);
    expect((await db.upstreamConnection.findFirstOrThrow()).serviceUrl).toBe(moved.serviceUrl);

    const third = await bootstrapPortal(db, { engine: moved, secret });
    expect(third.engineConnection?.updated).toBe(false);
  });

  it("serialises concurrent first starts and takes the admin from the options", async () => {
    const { db: other, close: closeOther } = await migratedDatabase("db_bootstrap_race");
    try {
      const options = { adminEmail: "Ops@Example.com", adminPassword: "given-password-1", engine: null, secret };
      const results = await Promise.all([bootstrapPortal(other, options), bootstrapPortal(other, options)]);
      expect(results.filter((r) => r.admin.created)).toHaveLength(1);
      expect(results.every((r) => r.admin.generatedPassword === undefined)).toBe(true);
      const admin = await other.user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
      expect(await verifyPassword(admin.passwordHash!, "given-password-1")).toBe(true);
      expect(await other.workspace.count()).toBe(1);
    } finally {
      await closeOther();
    }
  });

  it("never adds an admin to a database that has users, and names an existing account instead", async () => {
    const { db: other, close: closeOther } = await migratedDatabase("db_bootstrap_users");
    try {
      await other.user.create({ data: { email: "first@example.com" } });
      await other.user.create({ data: { email: "ops@example.com", isOps: true } });
      const result = await bootstrapPortal(other, { adminEmail: "new@example.com", adminPassword: "given-password-1", engine: null, secret });
      expect(result.admin).toEqual({ email: "ops@example.com", created: false });
      expect(await other.user.count()).toBe(2);
    } finally {
      await closeOther();
    }
  });

  it("rejects bad options with a message naming the setting", async () => {
    await expect(bootstrapPortal(db, { adminEmail: "not-an-email", engine: null })).rejects.toThrow(/LIFEBOAT_ADMIN_EMAIL/);
    await expect(bootstrapPortal(db, { adminPassword: "short", engine: null })).rejects.toThrow(/LIFEBOAT_ADMIN_PASSWORD is too short/);
    await expect(bootstrapPortal(db, { engine: { ...engine, serviceUrl: "http://x/api" }, secret })).rejects.toThrow(/end in \/v2/);
  });
});
