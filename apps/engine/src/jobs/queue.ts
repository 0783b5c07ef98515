// All scheduled and background work of the engine goes through pg-boss (PostgreSQL-backed), so it
// survives restarts and several engine processes share it. Its queues: agent upgrade tasks
// (immediate or at scheduleTimeUsecs) and a periodic purge of expired access tokens. The periodic
// sweeps (scheduler, watchdog, retention) run on their own timer instead (sweep-loop.ts, sweeps.ts).
import PgBoss from "pg-boss";
import type { FastifyBaseLogger } from "fastify";

export const QUEUES = {
  upgradeTask: "agent-upgrade-task",
  purgeTokens: "purge-expired-tokens",
  repository: "host-repository",
} as const;

/** Work the engine does on one host repository with restic, under the repository's lock. */
export interface RepositoryJob {
  action: "forget" | "check" | "reconcile" | "repair";
  repositoryId: string;
}

export interface UpgradeTaskJob {
  taskId: string;
}

export interface JobQueue {
  scheduleUpgradeTask(taskId: bigint, startAfter: Date): Promise<void>;
  /** Queues a repository job; one queued job per (action, repository) at a time (more are dropped). */
  enqueueRepositoryJob(job: RepositoryJob): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueHandlers {
  startUpgradeTask(taskId: bigint): Promise<void>;
  runRepositoryJob(job: RepositoryJob): Promise<void>;
  purgeExpiredTokens(): Promise<number>;
}

export async function startJobQueue(connectionString: string, handlers: QueueHandlers, log: FastifyBaseLogger): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 4 });
  boss.on("error", (err) => log.error({ err }, "job queue error"));
  await boss.start();
  for (const name of [QUEUES.upgradeTask, QUEUES.purgeTokens]) await boss.createQueue(name);
  // stately: at most one queued and one running job per key, so a burst of triggers coalesces.
  await boss.createQueue(QUEUES.repository, { name: QUEUES.repository, policy: "stately" });
  await boss.work<RepositoryJob>(QUEUES.repository, { pollingIntervalSeconds: 2, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      try {
        await handlers.runRepositoryJob(job.data);
      } catch (err) {
        // pg-boss keeps the error on the job and retries it later; say so where an operator looks.
        log.warn({ err, job: job.data }, "repository job failed; it is retried later");
        throw err;
      }
    }
  });

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
    async enqueueRepositoryJob(job) {
      await boss.send(QUEUES.repository, job, {
        singletonKey: `${job.action}:${job.repositoryId}`,
        // A repository held by another job (or restic lock) is tried again, spaced out.
        retryLimit: 10,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: 6 * 3600,
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
