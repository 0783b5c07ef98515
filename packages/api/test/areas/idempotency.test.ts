// withIdempotency on real PostgreSQL: concurrent retries act once, a failed first call releases
// the key, keys are scoped per user/workspace/procedure, and expired keys are reused.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredIdempotencyKeys, withIdempotency } from "../../src/services/idempotency.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("areas_idem");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

const scope = () => ({ db: t.db, userId: cast.users.admin.id, workspaceId: cast.workspaceId, procedure: "policy.create" });

describe("withIdempotency", () => {
  it("runs the action once for concurrent calls with the same key and input", async () => {
    let runs = 0;
    const action = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 300));
      return { id: `created-${runs}`, at: new Date(0) };
    };
    const results = await Promise.all([1, 2, 3].map(() => withIdempotency(scope(), "concurrent-key", { name: "a" }, action)));
    expect(runs).toBe(1);
    expect(results).toEqual(Array(3).fill({ id: "created-1", at: new Date(0) }));
  });

  it("treats key order in the input as the same input, and another input as a CONFLICT", async () => {
    await withIdempotency(scope(), "order-key", { a: 1, b: { c: 2, d: 3 } }, async () => "first");
    expect(await withIdempotency(scope(), "order-key", { b: { d: 3, c: 2 }, a: 1 }, async () => "second")).toBe("first");
    const error = await withIdempotency(scope(), "order-key", { a: 2 }, async () => "third").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
  });

  it("releases the key when the first call fails, so a retry acts", async () => {
    await expect(withIdempotency(scope(), "fail-key", {}, async () => Promise.reject(new Error("upstream 503")))).rejects.toThrow("upstream 503");
    expect(await withIdempotency(scope(), "fail-key", {}, async () => "retried")).toBe("retried");
  });

  it("scopes keys per user, workspace and procedure", async () => {
    await withIdempotency(scope(), "shared-key", {}, async () => "admin");
    expect(await withIdempotency({ ...scope(), userId: cast.users.operator.id }, "shared-key", {}, async () => "operator")).toBe("operator");
    expect(await withIdempotency({ ...scope(), procedure: "policy.update" }, "shared-key", {}, async () => "update")).toBe("update");
  });

  it("reuses an expired key and purges expired rows", async () => {
    await withIdempotency(scope(), "old-key", {}, async () => "old");
    await t.db.idempotencyKey.updateMany({ where: { key: "old-key" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await withIdempotency(scope(), "old-key", {}, async () => "new")).toBe("new");
    await t.db.idempotencyKey.updateMany({ where: { key: "old-key" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await purgeExpiredIdempotencyKeys(t.db)).toBe(1);
  });
});
