// Engine part 2 attached to the server: /v2 handlers of runs, snapshots, search, recoveries and
// downloads; the agent's data-task routes; the Lifeboat admin routes; and the background sweeps
// (scheduler, dead-agent watchdog, retention) that run while the server is up, each in one engine
// process at a time (src/jobs/sweeps.ts).
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { ClusterInfo } from "../auth/cluster.ts";
import type { EngineDb } from "../db.ts";
import type { Handler } from "../http/context.ts";
import { runExclusive, type SweepName } from "../jobs/sweeps.ts";
import { registerAdminRoutes } from "./admin-routes.ts";
import type { DataProtect } from "./context.ts";
import { dataProtectEnv } from "./env.ts";
import { searchHandlers } from "./index/search.ts";
import { downloadHandlers } from "./recoveries/download-handlers.ts";
import { recoveryHandlers } from "./recoveries/recovery-handlers.ts";
import { expireSnapshots } from "./retention/retention.ts";
import { runHandlers } from "./runs/run-handlers.ts";
import { scheduleRuns } from "./scheduler/scheduler.ts";
import { snapshotHandlers } from "./snapshots/snapshot-handlers.ts";
import { createSecretBox, loadSecretKey } from "./storage/secret-box.ts";
import { registerAgentTaskRoutes } from "./tasks/agent-task-routes.ts";
import { listenUrl, registerContentRelayRoute, type SelfUrl } from "./tasks/content-relay.ts";
import { createAgentNotifier } from "./tasks/notifier.ts";
import { createTaskEvents } from "./tasks/task-events.ts";
import { failStaleTasks, failTasksOfPreviousEngine, markEngineAlive, markEngineStopped, otherLiveEngines, redeliverLostTasks } from "./tasks/watchdog.ts";

export async function attachDataProtect(
  app: FastifyInstance,
  deps: { db: EngineDb; cluster: ClusterInfo; agentOfflineSecs: number },
): Promise<Record<string, Handler>> {
  const env = dataProtectEnv();
  const dataDir = path.resolve(env.ENGINE_DATA_DIR);
  const dp: DataProtect = {
    db: deps.db,
    cluster: deps.cluster,
    dataDir,
    secrets: createSecretBox(await loadSecretKey(dataDir, env.ENGINE_SECRET)),
    notifier: createAgentNotifier(),
    log: app.log,
    taskTimeoutSecs: env.ENGINE_TASK_TIMEOUT_SECS,
    agentOfflineSecs: deps.agentOfflineSecs,
    browseTimeoutSecs: env.ENGINE_BROWSE_TIMEOUT_SECS,
  };
  // This process's own URL, for engine-to-engine relays of single-file downloads (content-relay.ts).
  const self: SelfUrl = { url: env.ENGINE_INTERNAL_URL };
  app.addHook("onListen", async () => {
    self.url ??= listenUrl(app);
  });
  const events = createTaskEvents(dp, self);
  const recoveries = recoveryHandlers(dp);
  registerAgentTaskRoutes(app, dp, events);
  registerContentRelayRoute(app, dp, events);
  registerAdminRoutes(app, dp, recoveries);

  const startedAt = new Date();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  // Every engine process ticks, but each sweep runs in one process at a time (runExclusive).
  const steps: [SweepName, () => Promise<unknown>][] = [
    [
      "watchdog",
      async () => {
        await failStaleTasks(dp, events);
        await redeliverLostTasks(dp, events, env.ENGINE_TASK_DELIVERY_TIMEOUT_SECS);
      },
    ],
    ["scheduler", () => scheduleRuns(dp)],
    ["retention", () => expireSnapshots(dp)],
  ];
  // Engine processes on this database: a peer's start must not fail this process's tasks.
  const processId = randomUUID();
  const aliveMs = Math.max(3 * env.ENGINE_SCHEDULER_INTERVAL_SECS, 10) * 1000;
  let alive: NodeJS.Timeout | undefined;
  const sweep = async () => {
    for (const [what, step] of steps) {
      try {
        await runExclusive(dp.db, what, async () => void (await step()));
      } catch (err) {
        dp.log.error({ err }, `${what} sweep failed`);
      }
    }
  };
  app.addHook("onReady", async () => {
    const peers = await otherLiveEngines(dp, processId, aliveMs);
    await markEngineAlive(dp, processId);
    await failTasksOfPreviousEngine(dp, events, startedAt, peers);
    // On its own timer: a long sweep must not make this process look dead to a starting peer.
    alive = setInterval(() => {
      markEngineAlive(dp, processId).catch((err: unknown) => dp.log.error({ err }, "engine liveness update failed"));
    }, env.ENGINE_SCHEDULER_INTERVAL_SECS * 1000);
    alive.unref();
    timer = setInterval(() => {
      sweeping = sweeping.then(sweep);
    }, env.ENGINE_SCHEDULER_INTERVAL_SECS * 1000);
    timer.unref();
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    clearInterval(alive);
    await sweeping;
    await markEngineStopped(dp, processId).catch(() => undefined);
  });

  const { findRecovery: _unused, ...recoveryOps } = recoveries;
  return {
    ...runHandlers(dp),
    ...snapshotHandlers(dp),
    ...searchHandlers(dp),
    ...recoveryOps,
    ...downloadHandlers(dp, events, recoveries, self),
  } as Record<string, Handler>;
}
