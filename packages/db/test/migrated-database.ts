// Test helper: a fresh database with all migrations applied, and a client on it.
import { createTestDatabase } from "@lifeboat/postgres";
import { createDb, type Db } from "../src/index.ts";
import { migrateDatabase } from "../src/migrate.ts";

export async function migratedDatabase(prefix: string): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  const database = await createTestDatabase(prefix);
  try {
    await migrateDatabase(database.url);
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
