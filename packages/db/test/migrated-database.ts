// Test helper: a fresh database with all migrations applied, and a client on it. The SQL files
// are run directly (a Prisma CLI start costs seconds); migrations.test.ts covers the CLI path.
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createTestDatabase } from "@lifeboat/postgres";
import { createDb, type Db } from "../src/index.ts";
import { repoRoot } from "../src/migrate.ts";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");

async function applyMigrationFiles(url: string): Promise<void> {
  const names = (await fs.readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names) await client.query(await fs.readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"));
  } finally {
    await client.end();
  }
}

export async function migratedDatabase(prefix: string): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  const database = await createTestDatabase(prefix);
  try {
    await applyMigrationFiles(database.url);
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
