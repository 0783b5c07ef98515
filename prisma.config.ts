// Prisma 6.19 without downloaded engines: the TypeScript query compiler plus the node-postgres
// driver adapter. generate/validate/format/migrate deploy|status|diff all work offline this way.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./packages/postgres/src/prisma-migration-adapter.ts";

// The schema's datasource reads DATABASE_URL even for commands that never connect (generate,
// validate, format); give those a placeholder so a fresh `npm install` works without a database.
process.env.DATABASE_URL ??= "postgresql://unset@127.0.0.1:5432/unset";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => migrationAdapter(process.env.DATABASE_URL!),
});
