export { startEmbeddedPostgres, type EmbeddedPostgresHandle, type EmbeddedPostgresOptions } from "./embedded.ts";
export {
  createTestDatabase,
  databaseName,
  dropDatabase,
  ensureDatabase,
  redactUrl,
  withDatabase,
  type TestDatabase,
} from "./databases.ts";
export { findFreePort } from "./free-port.ts";
export { migrationAdapter } from "./prisma-migration-adapter.ts";
export { checkReadiness, readinessResponse, type Readiness, type ReadinessOptions } from "./readiness.ts";
