// All scheduled and background work of the engine goes through pg-boss (PostgreSQL-backed), so it
// survives restarts and several engine processes share it. Its queues: agent upgrade tasks
// (immediate or at scheduleTimeUsecs) and a periodic purge of expired access tokens. The periodic
// sweeps (scheduler, watchdog, retention) run on their own timer instead (sweep-loop.ts, sweeps.ts).
import PgBoss from "pg-boss";
import type { FastifyBaseLogger } from "fastify";

export const QUEUES = {
  upgradeTask: "agent-upgrade-task",
  purgeTokens: "purge-expired-tokens",
} as const;

export interface UpgradeTaskJob {
  taskId: string;
}

export interface JobQueue {
  scheduleUpgradeTask(taskId: bigint, startAfter: Date): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueHandlers {
  startUpgradeTask(taskId: bigint): Promise<void>;
  purgeExpiredTokens(): Promise<number>;
}

export async function startJobQueue(connectionString: string, handlers: QueueHandlers, log: FastifyBaseLogger): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 4 });
  boss.on("error", (err) => log.error({ err }, "job queue error"));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);

  await boss.work<UpgradeTaskJob>(QUEUES.upgradeTask, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await handlers.startUpgradeTask(BigInt(job.data.taskId));
  });
  await boss.work(QUEUES.purgeTokens, async () => {
    const n = await handlers.purgeExpiredTokens();
    if (n > 0) log.info({ purged: n }, "purged expired access tokens");
  });
  await boss.schedule(QUEUES.purgeTokens, "*/15 * * * *");

  return {
    async scheduleUpgradeTask(taskId, startAfter) {
      // singletonKey: a task is started once even if created twice by a retried request.
      await boss.send(QUEUES.upgradeTask, { taskId: taskId.toString() } satisfies UpgradeTaskJob, {
        startAfter,
        singletonKey: `upgrade-${taskId}`,
        retryLimit: 3,
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
