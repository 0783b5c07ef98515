// Test helper: a normalised `pg_dump --schema-only` of a database, for comparing schemas.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export async function schemaDump(url: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--dbname", url], {
      maxBuffer: 32 * 1024 * 1024,
    }));
  } catch (error) {
    throw new Error(`pg_dump failed (is postgresql-client installed?): ${(error as Error).message.split("\n")[0]}`);
  }
  return normaliseDump(stdout);
}

/**
 * Statements of a dump without comments, session settings, psql meta-commands (`\restrict` with its
 * random key since 15.14) and Prisma's own `_prisma_migrations` bookkeeping; sorted so that
 * dump order does not matter.
 */
export function normaliseDump(dump: string): string[] {
  const body = dump
    .split("\n")
    .filter((line) => !line.startsWith("--") && !line.startsWith("\\") && !/^SET |^SELECT pg_catalog\.set_config/.test(line))
    .join("\n");
  return body
    .split(/;\n/)
    .map((statement) => statement.trim().replace(/\s+/g, " "))
    .filter((statement) => statement && !statement.includes("_prisma_migrations"))
    .sort();
}
