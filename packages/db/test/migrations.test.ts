// A forgotten migration must fail CI: the schema that prisma/migrations builds must equal the one
// schema.prisma describes. Both are compared as normalised `pg_dump --schema-only` output.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, repoRoot, runPrisma } from "../src/migrate.ts";
import { schemaDump } from "./schema-dump.ts";

const schemaFile = path.join(repoRoot, "prisma", "schema.prisma");
const databases: TestDatabase[] = [];
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-drift-"));
});
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  await fs.rm(tmp, { recursive: true, force: true });
});

async function freshDatabase(prefix: string): Promise<string> {
  const db = await createTestDatabase(prefix);
  databases.push(db);
  return db.url;
}

/** A database built straight from a schema file, as `migrate diff --from-empty` scripts it. */
async function databaseFromSchema(prefix: string, schema: string): Promise<string> {
  const url = await freshDatabase(prefix);
  const sql = await runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return url;
}

describe("prisma/migrations", () => {
  it("build exactly the schema that schema.prisma describes, and the comparison catches drift", async () => {
    const migrated = await freshDatabase("db_drift_migrated");
    await migrateDatabase(migrated);
    const expected = await databaseFromSchema("db_drift_schema", schemaFile);
    const migratedDump = await schemaDump(migrated);
    expect(migratedDump.some((s) => s.startsWith('CREATE TABLE public."User"'))).toBe(true);
    expect(migratedDump).toEqual(await schemaDump(expected));

    // Proof that the comparison bites: a schema with one field more (a change without its
    // migration) must not compare equal to the migrated database.
    const drifted = path.join(tmp, "schema.prisma");
    const source = await fs.readFile(schemaFile, "utf8");
    await fs.writeFile(drifted, source.replace(/model User \{\n/, "model User {\n  driftProbe String?\n"));
    const driftedDump = await schemaDump(await databaseFromSchema("db_drift_probe", drifted));
    expect(driftedDump).not.toEqual(migratedDump);
    expect(driftedDump.find((s) => s.startsWith('CREATE TABLE public."User"'))).toContain('"driftProbe" text');
  }, 120_000);
});
