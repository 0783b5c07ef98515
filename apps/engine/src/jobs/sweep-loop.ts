// The background sweeps (dead-agent watchdog, scheduler, retention) tick every
// ENGINE_SCHEDULER_INTERVAL_SECS while the server is up, each in one engine process at a time
// (sweeps.ts). At start, tasks a previous engine process left out with agents are left to their
// agents' reports, with the whole timeout counted from this start (watchdog.ts).
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { EngineContext } from "../context.ts";
import { scheduleRepositoryJobs } from "../areas/repositories/maintenance.ts";
import { expireSnapshots } from "./retention.ts";
import { scheduleRuns } from "./scheduler.ts";
import { runExclusive, type SweepName } from "./sweeps.ts";
import { failStaleTasks, markEngineAlive, markEngineStopped, otherLiveEngines, reconcileAtStart, redeliverLostTasks } from "./watchdog.ts";

export function registerSweeps(app: FastifyInstance, engine: EngineContext): void {
  const intervalSecs = engine.config.schedulerIntervalSecs;
  const startedAt = new Date();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  // Every engine process ticks, but each sweep runs in one process at a time (runExclusive).
  const steps: [SweepName, () => Promise<unknown>][] = [
    [
      "watchdog",
      async () => {
        await failStaleTasks(engine, startedAt);
        await redeliverLostTasks(engine, engine.config.taskDeliveryTimeoutSecs, startedAt);
      },
    ],
    ["scheduler", () => scheduleRuns(engine)],
    ["retention", () => expireSnapshots(engine)],
    // Due checks, reconciles and waiting forgets of host repositories become pg-boss jobs.
    ["repositories", () => scheduleRepositoryJobs(engine)],
  ];
  // Engine processes on this database: a peer's start must not fail this process's tasks.
  const processId = randomUUID();
  const aliveMs = Math.max(3 * intervalSecs, 10) * 1000;
  let alive: NodeJS.Timeout | undefined;
  const sweep = async () => {
    for (const [what, step] of steps) {
      try {
        await runExclusive(engine.db, what, async () => void (await step()));
      } catch (err) {
        engine.log.error({ err }, `${what} sweep failed`);
      }
    }
  };
  app.addHook("onReady", async () => {
    const peers = await otherLiveEngines(engine, processId, aliveMs);
    await markEngineAlive(engine, processId);
    await reconcileAtStart(engine, startedAt, peers);
    // On its own timer: a long sweep must not make this process look dead to a starting peer.
    alive = setInterval(() => {
      markEngineAlive(engine, processId).catch((err: unknown) => engine.log.error({ err }, "engine liveness update failed"));
    }, intervalSecs * 1000);
    alive.unref();
    timer = setInterval(() => {
      sweeping = sweeping.then(sweep);
    }, intervalSecs * 1000);
    timer.unref();
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    clearInterval(alive);
    await sweeping;
    await markEngineStopped(engine, processId).catch(() => undefined);
  });
}
