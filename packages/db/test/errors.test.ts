// Error mapping against the errors real PostgreSQL raises through the driver adapter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbConflictError, DbNotFoundError, mapPrismaError, type Db } from "../src/index.ts";
import { migratedDatabase } from "./migrated-database.ts";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await migratedDatabase("db_errors"));
});
afterAll(async () => close());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe("mapPrismaError", () => {
  it("maps a unique violation to CONFLICT naming the fields, not the value", async () => {
    await db.user.create({ data: { email: "taken@example.com" } });
    const error = mapPrismaError(await caught(db.user.create({ data: { email: "taken@example.com" } })));
    expect(error).toBeInstanceOf(DbConflictError);
    expect(error?.code).toBe("CONFLICT");
    expect(error?.fields).toEqual(["email"]);
    expect(error?.message).toBe("a User with this email already exists");
    expect(error?.message).not.toContain("taken@example.com");
  });

  it("maps a missing row on update/delete to NOT_FOUND", async () => {
    const error = mapPrismaError(await caught(db.workspace.update({ where: { id: "missing" }, data: { name: "x" } })));
    expect(error).toBeInstanceOf(DbNotFoundError);
    expect(error?.message).toBe("Workspace not found");
    expect(mapPrismaError(await caught(db.user.delete({ where: { id: "missing" } })))?.code).toBe("NOT_FOUND");
  });

  it("maps a dangling foreign key to BAD_REQUEST and leaves foreign errors alone", async () => {
    const error = mapPrismaError(
      await caught(db.membership.create({ data: { userId: "nobody", workspaceId: "nowhere", role: "viewer" } })),
    );
    expect(error?.code).toBe("BAD_REQUEST");
    expect(mapPrismaError(new Error("not a database error"))).toBeNull();
  });
});
