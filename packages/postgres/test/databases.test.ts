import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase, databaseName, ensureDatabase, redactUrl, withDatabase } from "../src/index.ts";

async function databaseExists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return Boolean((await client.query("select 1 from pg_database where datname = $1", [databaseName(url)])).rowCount);
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  it("creates a uniquely named empty database and drops it even with open connections", async () => {
    const a = await createTestDatabase("Pg Test!");
    const b = await createTestDatabase("pg_test");
    try {
      expect(a.name).toMatch(/^pg_test_[a-z0-9]+_[0-9a-f]{8}$/);
      expect(a.name).not.toBe(b.name);
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      const tables = await client.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
      expect(tables.rows[0]).toEqual({ n: 0 });
      // Left open on purpose: drop() must not hang on or fail because of it.
      client.on("error", () => {});
      await a.drop();
      // Checked while b keeps an embedded server (when DATABASE_URL is unset) alive.
      expect(await databaseExists(a.url)).toBe(false);
      expect(await databaseExists(b.url)).toBe(true);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

describe("ensureDatabase", () => {
  it("creates a missing database once, also when callers race", async () => {
    const scratch = await createTestDatabase("pg_ensure");
    const target = withDatabase(scratch.url, `${scratch.name}_x`);
    try {
      await Promise.all([ensureDatabase(target), ensureDatabase(target), ensureDatabase(target)]);
      expect(await databaseExists(target)).toBe(true);
      await ensureDatabase(target);
    } finally {
      const { dropDatabase } = await import("../src/index.ts");
      await dropDatabase(target);
      await scratch.drop();
    }
  });
});

describe("database URLs", () => {
  it("swaps the database name and hides passwords in messages", () => {
    const url = "postgresql://postgres:s3cret@127.0.0.1:5432/postgres?sslmode=disable";
    expect(withDatabase(url, "lifeboat_engine")).toBe("postgresql://postgres:s3cret@127.0.0.1:5432/lifeboat_engine?sslmode=disable");
    expect(redactUrl(url)).not.toContain("s3cret");
    expect(() => databaseName("mysql://x@y/z")).toThrow(/must start with postgresql/);
    expect(() => databaseName("postgresql://x@y:1")).toThrow(/names no database/);
  });
});
