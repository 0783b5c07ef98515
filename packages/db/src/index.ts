// @lifeboat/db: the portal database. The only package that imports the generated Prisma client.
export { createDb, type Db } from "./client.ts";
export { DbConflictError, DbError, DbNotFoundError, mapPrismaError, type DbErrorCode } from "./errors.ts";
export { decryptSecret, encryptSecret, MIN_SECRET_LENGTH } from "./secret-box.ts";
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";
export {
  bootstrapPortal,
  DEFAULT_ADMIN_EMAIL,
  DEFAULT_WORKSPACE_NAME,
  ENGINE_CONNECTION_NAME,
  type BootstrapOptions,
  type BootstrapResult,
  type EngineConnectionOptions,
} from "./bootstrap.ts";
// Migrations (spawns the Prisma CLI) live in the "@lifeboat/db/migrate" entry, out of web bundles.
export { Prisma, ConnectionKind, Role } from "./generated/prisma/client.ts";
export type {
  Account,
  ApiToken,
  AuditEvent,
  Membership,
  Session,
  UpstreamConnection,
  User,
  VerificationToken,
  Workspace,
} from "./generated/prisma/client.ts";
