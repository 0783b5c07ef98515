// /readyz's database check against a real server: ready only when every migration of the folder
// is recorded as applied; a server that does not answer is "unreachable" within the deadline, and
// the answer's body never carries the reason (which names hosts and ports).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReadiness, createTestDatabase, findFreePort, readinessResponse, type TestDatabase } from "../src/index.ts";

let db: TestDatabase;
let migrationsDir: string;

beforeAll(async () => {
  db = await createTestDatabase("readiness");
  migrationsDir = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-readiness-"));
  for (const name of ["20260101000000_init", "20260201000000_more"]) await fs.mkdir(path.join(migrationsDir, name));
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(migrationsDir, { recursive: true, force: true });
});

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe("checkReadiness", () => {
  it("is not ready until every migration of the folder is applied", async () => {
    expect(await checkReadiness({ url: db.url, migrationsDir })).toMatchObject({
      ready: false,
      database: "ok",
      migrations: "pending",
      pending: ["20260101000000_init", "20260201000000_more"],
    });
    await sql(`CREATE TABLE "_prisma_migrations" (id text, migration_name text, finished_at timestamptz, rolled_back_at timestamptz)`);
    await sql(`INSERT INTO "_prisma_migrations" VALUES ('1', '20260101000000_init', now(), null), ('2', '20260201000000_more', null, null)`);
    expect(await checkReadiness({ url: db.url, migrationsDir })).toMatchObject({ ready: false, pending: ["20260201000000_more"] });
    await sql(`UPDATE "_prisma_migrations" SET finished_at = now()`);
    expect(await checkReadiness({ url: db.url, migrationsDir })).toEqual({ ready: true, database: "ok", migrations: "ok", pending: [] });
  });

  it("reports a server that does not answer as unreachable, and keeps the reason out of the answer", async () => {
    const port = await findFreePort();
    const url = `postgresql://postgres:secret@127.0.0.1:${port}/nothing`;
    const readiness = await checkReadiness({ url, migrationsDir, timeoutMs: 2000 });
    expect(readiness).toMatchObject({ ready: false, database: "unreachable", migrations: "unknown" });
    expect(readiness.reason).toMatch(/ECONNREFUSED/);
    const response = readinessResponse(readiness);
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|secret|ECONNREFUSED/);
  });
});
