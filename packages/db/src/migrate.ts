// Applies prisma/migrations with the Prisma CLI (`prisma migrate deploy`), the same path as
// `npm run db:migrate`, so the launcher, tests and operators run identical code.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function prismaCli(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")), "build/index.js");
}

/** Runs the Prisma CLI at the repository root with DATABASE_URL = `databaseUrl`; resolves stdout. */
export function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [prismaCli(), ...args],
      {
        cwd: repoRoot,
        maxBuffer: 64 * 1024 * 1024,
        // CHECKPOINT_DISABLE: no update check (there is no network here; it only adds latency).
        env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stderr}\n${stdout}`.trim().split("\n").slice(-20).join("\n");
          reject(new Error(`prisma ${args.slice(0, 2).join(" ")} failed (exit ${String(error.code)}):\n${output}`));
        } else resolve(stdout);
      },
    );
  });
}

/** Applies all pending migrations of prisma/migrations to the database at `databaseUrl`. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  await runPrisma(["migrate", "deploy", "--config", path.join(repoRoot, "prisma.config.ts")], databaseUrl);
}
