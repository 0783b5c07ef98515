// A throwaway portal database per test file: created on DATABASE_URL's server (or an embedded
// cluster) by @lifeboat/postgres, migrated with the repository's real migration files, dropped
// afterwards.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "@lifeboat/db";
import { createTestDatabase } from "@lifeboat/postgres";
import type { Db } from "../../src/db.ts";

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../prisma/migrations");

async function applyMigrations(url: string): Promise<void> {
  const dirs = (await fs.readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const dir of dirs) {
      await client.query(await fs.readFile(path.join(migrationsDir, dir, "migration.sql"), "utf8"));
    }
  } finally {
    await client.end();
  }
}

export interface TestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function openTestDb(prefix: string): Promise<TestDb> {
  // encryptSecret/decryptSecret derive their key from LIFEBOAT_SECRET.
  process.env.LIFEBOAT_SECRET ??= "test-secret-for-api-package-tests-0123456789";
  const database = await createTestDatabase(`api_${prefix}`);
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const db = createDb(database.url);
  return {
    db,
    url: database.url,
    close: async () => {
      await db.$disconnect();
      await database.drop();
    },
  };
}
