// One Prisma client per server process (Next reuses modules across requests; in dev, hot reloads
// would otherwise open a new pool each time).
import "server-only";
import { createDb } from "@lifeboat/db";
import { createConsoleLog, createUpstreamFor, type ApiLog, type UpstreamFor } from "@lifeboat/api";
import { webEnv } from "./env.ts";

type Db = ReturnType<typeof createDb>;

const globalForPortal = globalThis as unknown as {
  lifeboatDb?: Db;
  lifeboatUpstreamFor?: UpstreamFor;
  lifeboatLog?: ApiLog;
};

export function getDb(): Db {
  globalForPortal.lifeboatDb ??= createDb(webEnv().DATABASE_URL);
  return globalForPortal.lifeboatDb;
}

/** Long-lived so its per-connection client cache survives across requests. */
export function getUpstreamFor(): UpstreamFor {
  globalForPortal.lifeboatUpstreamFor ??= createUpstreamFor({ db: getDb() });
  return globalForPortal.lifeboatUpstreamFor;
}

export function getLog(): ApiLog {
  globalForPortal.lifeboatLog ??= createConsoleLog({ service: "web" });
  return globalForPortal.lifeboatLog;
}
