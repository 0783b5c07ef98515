// One Prisma client, upstream-client cache and log per server process and bundle layer (Next
// reuses modules across requests; in dev, hot reloads would otherwise open a new pool each time).
// Kept on globalThis so hot reloads find them again. No `server-only` here: the instrumentation
// bundle cannot import it; route code imports ./db.ts.
//
// Keyed by the bundle's copy of @lifeboat/db: Next compiles the workspace packages into each layer
// (instrumentation, route handlers, server components) separately, so each layer has its own
// classes. A Prisma client or upstream client made by another layer throws that layer's error
// classes, which this layer's `instanceof` checks do not recognise: the portal then answered 500
// for a unique violation or an upstream 404 (issue 12). Each layer therefore uses its own.
import { createDb } from "@lifeboat/db";
import { createConsoleLog, createUpstreamFor, type ApiLog, type UpstreamFor } from "@lifeboat/api";
import { webEnv } from "./env.ts";

type Db = ReturnType<typeof createDb>;
interface PortalSingletons {
  db?: Db;
  upstreamFor?: UpstreamFor;
  log?: ApiLog;
}

const globalForPortal = globalThis as unknown as { lifeboatSingletons?: WeakMap<object, PortalSingletons> };

function singletons(): PortalSingletons {
  globalForPortal.lifeboatSingletons ??= new WeakMap();
  let mine = globalForPortal.lifeboatSingletons.get(createDb);
  if (!mine) {
    mine = {};
    globalForPortal.lifeboatSingletons.set(createDb, mine);
  }
  return mine;
}

export function getDb(): Db {
  const mine = singletons();
  mine.db ??= createDb(webEnv().DATABASE_URL);
  return mine.db;
}

/** Long-lived so its per-connection client cache survives across requests. */
export function getUpstreamFor(): UpstreamFor {
  const mine = singletons();
  mine.upstreamFor ??= createUpstreamFor({ db: getDb() });
  return mine.upstreamFor;
}

export function getLog(): ApiLog {
  const mine = singletons();
  mine.log ??= createConsoleLog({ service: "web" });
  return mine.log;
}
