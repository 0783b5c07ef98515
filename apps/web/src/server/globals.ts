// One Prisma client, upstream-client cache and log per server process (Next reuses modules across
// requests; in dev, hot reloads would otherwise open a new pool each time). Kept on globalThis so
// the request handlers and the instrumentation hook (which starts the ops sync) share them. No
// `server-only` here: the instrumentation bundle cannot import it; route code imports ./db.ts.
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
