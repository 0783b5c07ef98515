// Assembles a running engine from its environment: database (external or embedded), migrations,
// cluster identity, bootstrap credentials, the one EngineContext, job queue, HTTP server, sweeps.
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { ensureBootstrapKey, ensureCluster } from "./auth/cluster.ts";
import type { EngineContext } from "./context.ts";
import { createEngineDb } from "./db.ts";
import type { EngineEnv } from "./env.ts";
import { createServer, registerRoutes } from "./http/server.ts";
import { registerMetricsRoute } from "./metrics/routes.ts";
import { startJobQueue, type JobQueue } from "./jobs/queue.ts";
import { registerSweeps } from "./jobs/sweep-loop.ts";
import { applyMigrations } from "./migrate.ts";
import { createSecretBox, loadSecretKey } from "./secret-box.ts";
import { startUpgradeTask } from "./areas/agents/upgrade-tasks.ts";
import { runRepositoryJob } from "./areas/repositories/maintenance.ts";
import { listenUrl } from "./tasks/content-relay.ts";
import { createAgentNotifier } from "./tasks/notifier.ts";
import { createTaskEvents } from "./tasks/task-events.ts";

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
  const dataDir = path.resolve(env.ENGINE_DATA_DIR);
  const app = createServer({ logLevel: env.ENGINE_LOG_LEVEL });

  // The queue and the task events need the context, and the context holds them: bind late.
  const holder: { queue?: JobQueue } = {};
  const engine: EngineContext = {
    db,
    cluster,
    config: {
      publicUrl: env.ENGINE_PUBLIC_URL ?? `http://127.0.0.1:${env.ENGINE_PORT}`,
      agentPackageDir: env.ENGINE_AGENT_PACKAGE_DIR,
      dataDir,
      tokenTtlSecs: env.ENGINE_TOKEN_TTL_SECS,
      agentOfflineSecs: env.ENGINE_AGENT_OFFLINE_SECS,
      heartbeatIntervalSecs: env.ENGINE_HEARTBEAT_INTERVAL_SECS,
      taskTimeoutSecs: env.ENGINE_TASK_TIMEOUT_SECS,
      taskDeliveryTimeoutSecs: env.ENGINE_TASK_DELIVERY_TIMEOUT_SECS,
      browseTimeoutSecs: env.ENGINE_BROWSE_TIMEOUT_SECS,
      schedulerIntervalSecs: env.ENGINE_SCHEDULER_INTERVAL_SECS,
      hostRepositories: env.ENGINE_HOST_REPOSITORIES === "on",
      resticBin: env.ENGINE_RESTIC_BIN,
      checkIntervalHours: env.ENGINE_REPOSITORY_CHECK_INTERVAL_HOURS,
      checkReadDataSubset: env.ENGINE_REPOSITORY_CHECK_READ_DATA_SUBSET,
      reconcileIntervalSecs: env.ENGINE_RECONCILE_INTERVAL_SECS,
    },
    queue: {
      scheduleUpgradeTask: (taskId, at) => holder.queue!.scheduleUpgradeTask(taskId, at),
      enqueueRepositoryJob: (job) => holder.queue!.enqueueRepositoryJob(job),
      stop: async () => holder.queue?.stop(),
    },
    secrets: createSecretBox(await loadSecretKey(dataDir, env.ENGINE_SECRET)),
    notifier: createAgentNotifier(),
    // createTaskEvents only reads the context when an event arrives, after this object exists.
    get events() {
      return events;
    },
    self: { url: env.ENGINE_INTERNAL_URL },
    log: app.log,
  };
  const events = createTaskEvents(engine);
  app.addHook("onListen", async () => {
    engine.self.url ??= listenUrl(app);
  });
  registerMetricsRoute(app, engine, env.LIFEBOAT_METRICS_TOKEN);
  registerRoutes(app, engine);
  registerSweeps(app, engine);
  holder.queue = await startJobQueue(
    database.url,
    {
      startUpgradeTask: (taskId) => startUpgradeTask(db, env.ENGINE_AGENT_PACKAGE_DIR, taskId),
      runRepositoryJob: (job) => runRepositoryJob(engine, job),
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
