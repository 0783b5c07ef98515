// Assembles a running engine from its environment: database (external or embedded), migrations,
// cluster identity, bootstrap credentials, job queue, HTTP server.
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { operationList } from "@lifeboat/contracts";
import { ensureBootstrapKey, ensureCluster } from "./auth/cluster.ts";
import { createEngineDb } from "./db.ts";
import type { EngineEnv } from "./env.ts";
import { handlers } from "./handlers.ts";
import type { EngineContext, HandlerTable } from "./http/context.ts";
import { buildServer } from "./http/server.ts";
import { startJobQueue, type JobQueue } from "./jobs/queue.ts";
import { applyMigrations } from "./migrate.ts";
import { startUpgradeTask } from "./services/upgrade-tasks.ts";

export interface RunningEngine {
  url: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

async function databaseUrl(env: EngineEnv): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (env.ENGINE_DATABASE_URL) return { url: env.ENGINE_DATABASE_URL };
  const { startEmbeddedPostgres, ensureDatabase } = await import("@lifeboat/postgres");
  const pg = await startEmbeddedPostgres({ dataDir: path.resolve(env.ENGINE_DATA_DIR, "postgres") });
  const url = new URL(pg.url);
  url.pathname = "/lifeboat_engine";
  await ensureDatabase(url.toString());
  return { url: url.toString(), stop: pg.stop };
}

export async function startEngine(env: EngineEnv): Promise<RunningEngine> {
  const database = await databaseUrl(env);
  await applyMigrations(database.url);
  const db = createEngineDb(database.url);
  const cluster = await ensureCluster(db);
  if (env.ENGINE_BOOTSTRAP_API_KEY) await ensureBootstrapKey(db, env.ENGINE_BOOTSTRAP_TENANT_ID, env.ENGINE_BOOTSTRAP_API_KEY);

  // The queue needs the context and the context the queue: bind through a holder.
  const holder: { queue?: JobQueue } = {};
  const engine: EngineContext = {
    db,
    cluster,
    config: {
      publicUrl: env.ENGINE_PUBLIC_URL ?? `http://127.0.0.1:${env.ENGINE_PORT}`,
      agentPackageDir: env.ENGINE_AGENT_PACKAGE_DIR,
      agentOfflineSecs: env.ENGINE_AGENT_OFFLINE_SECS,
      heartbeatIntervalSecs: env.ENGINE_HEARTBEAT_INTERVAL_SECS,
    },
    queue: {
      scheduleUpgradeTask: (taskId, at) => holder.queue!.scheduleUpgradeTask(taskId, at),
      stop: async () => holder.queue?.stop(),
    },
  };
  const app = await buildServer({ engine, operations: operationList, handlers: handlers as HandlerTable, tokenTtlSecs: env.ENGINE_TOKEN_TTL_SECS });
  holder.queue = await startJobQueue(
    database.url,
    {
      startUpgradeTask: (taskId) => startUpgradeTask(db, env.ENGINE_AGENT_PACKAGE_DIR, taskId),
      purgeExpiredTokens: async () =>
        (await db.accessToken.deleteMany({ where: { refreshExpiresAt: { lt: new Date() } } })).count,
    },
    app.log,
  );
  const address = await app.listen({ port: env.ENGINE_PORT, host: env.ENGINE_HOST });
  const port = new URL(address).port;
  if (!env.ENGINE_PUBLIC_URL) engine.config.publicUrl = `http://127.0.0.1:${port}`;
  return {
    url: address,
    app,
    async stop() {
      await app.close();
      await holder.queue?.stop();
      await db.$disconnect();
      await database.stop?.();
    },
  };
}
