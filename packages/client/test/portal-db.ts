// A throwaway portal database for the client test: created by @lifeboat/postgres on DATABASE_URL's
// server (or an embedded cluster), migrated with the repository's migration files, dropped after.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "@lifeboat/db";
import { createTestDatabase } from "@lifeboat/postgres";

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");

export interface PortalDb {
  db: ReturnType<typeof createDb>;
  close(): Promise<void>;
}

export async function openPortalDb(): Promise<PortalDb> {
  process.env.LIFEBOAT_SECRET ??= "test-secret-for-client-package-tests-0123456789";
  const database = await createTestDatabase("client");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const dirs = (await fs.readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const dir of dirs) await client.query(await fs.readFile(path.join(migrationsDir, dir, "migration.sql"), "utf8"));
  } catch (error) {
    await client.end();
    await database.drop();
    throw error;
  }
  await client.end();
  const db = createDb(database.url);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await database.drop();
    },
  };
}
