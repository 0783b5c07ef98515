// Prisma CLI config of the engine's database (same offline setup as the root prisma.config.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "../../packages/postgres/src/prisma-migration-adapter.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
// generate/validate/format never connect; a placeholder keeps `npm install` working offline.
process.env.ENGINE_DATABASE_URL ??= "postgresql://unset@127.0.0.1:5432/unset";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join(here, "prisma", "schema.prisma"),
  migrations: { path: path.join(here, "prisma", "migrations") },
  adapter: async () => migrationAdapter(process.env.ENGINE_DATABASE_URL!),
});
