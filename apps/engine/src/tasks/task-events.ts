// What the engine does with an agent's task reports, by task type: backup figures go to the run's
// objects and end in a snapshot (plus an index task); index uploads fill the file index; restore
// and content reports drive recoveries; forget results mark snapshots forgotten.
import type { IncomingMessage } from "node:http";
import type { TaskResult } from "@lifeboat/agent-protocol";
import type { DataTask } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";
import { loadIndex } from "../areas/search/index-upload.ts";
import { forgetSnapshotIndexes } from "../areas/search/index-paths.ts";
import { onBackupProgress, onBackupResult } from "../areas/runs/backup-reports.ts";
import { onRecoveryProgress, onRecoveryResult, storeContent } from "../areas/recoveries/reports.ts";
import { relayContent } from "./content-relay.ts";
import { cancelTask, TERMINAL } from "./dispatch.ts";
import { EngineError } from "../errors.ts";
import type { TaskEvents } from "./events.ts";

/** How often a waiting download checks whether its task failed (reported to another engine process). */
const WAITER_CHECK_MS = 1000;

export function createTaskEvents(engine: EngineContext): TaskEvents {
  const waiters = new Map<string, { consume: (body: IncomingMessage) => Promise<void>; fail: (e: Error) => void }>();

  async function endTask(task: DataTask, result: TaskResult) {
    await engine.db.dataTask.update({
      where: { id: task.id },
      data: { status: result.status, message: result.message ?? null, result: { warnings: result.warnings, data: result.data ?? null } as object, endedAt: new Date(), lastReportAt: new Date() },
    });
  }

  return {
    async onProgress(task, progress) {
      await engine.db.dataTask.update({
        where: { id: task.id },
        data: { status: progress.state, progress: progress as object, lastReportAt: new Date() },
      });
      if (task.type === "backup") await onBackupProgress(engine, task, progress);
      if ((task.type === "restore" || task.type === "content") && task.recoverySeq !== null) await onRecoveryProgress(engine, task, progress);
    },

    async onResult(task, result) {
      await endTask(task, result);
      const waiter = waiters.get(task.id.toString());
      if (waiter && result.status !== "Succeeded") waiter.fail(new Error(result.message ?? `content task ${result.status}`));
      switch (task.type) {
        case "backup":
          return onBackupResult(engine, task, result);
        case "index":
          if (task.snapshotId !== null) {
            await engine.db.snapshot.update({ where: { id: task.snapshotId }, data: { indexingStatus: result.status === "Succeeded" ? "kDone" : "kFailed" } });
          }
          return;
        case "forget":
          if (result.status === "Succeeded") {
            const ids = (task.params as { snapshotIds: string[] }).snapshotIds;
            const forgotten = await engine.db.snapshot.findMany({ where: { resticSnapshotId: { in: ids } }, select: { id: true } });
            await engine.db.snapshot.updateMany({ where: { resticSnapshotId: { in: ids } }, data: { forgottenAt: new Date() } });
            // The file index of a forgotten snapshot would point at data that no longer exists.
            await forgetSnapshotIndexes(engine.db, forgotten.map((f) => f.id));
          }
          return;
        default:
          if (task.recoverySeq !== null) await onRecoveryResult(engine, task, result);
      }
    },

    async onIndexUpload(task, body) {
      if (task.snapshotId === null) throw new Error(`index task ${task.id} has no snapshot`);
      await engine.db.snapshot.update({ where: { id: task.snapshotId }, data: { indexingStatus: "kInProgress" } });
      await loadIndex(engine, task, body);
    },

    async onContentUpload(task, body) {
      const waiter = waiters.get(task.id.toString());
      if (waiter) {
        waiters.delete(task.id.toString());
        await waiter.consume(body);
        return;
      }
      // Another engine process holds the download's request: pipe the upload there.
      if (task.waiterUrl && task.waiterUrl !== engine.self.url) {
        await relayContent(engine, task, body);
        return;
      }
      // A single-file download whose request is gone (this engine restarted, the client left):
      // nobody reads these bytes; the task ends here and the agent stops.
      if (task.recoverySeq === null) {
        await cancelTask(engine, task, "no download waits for this file any more (the engine restarted or the client went away)");
        throw new EngineError("Conflict", `no download waits for the content of task ${task.id} any more`);
      }
      await storeContent(engine, task, body);
    },

    awaitContent(taskId, consume, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const key = taskId.toString();
        const timer = setTimeout(() => {
          clearInterval(check);
          waiters.delete(key);
          reject(new Error(`the agent did not start sending the file within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        // The agent may report the task's failure to another engine process: read it from the row.
        const check = setInterval(() => {
          void engine.db.dataTask
            .findUnique({ where: { id: taskId }, select: { status: true, message: true } })
            .then((t) => {
              if (t && TERMINAL.includes(t.status) && t.status !== "Succeeded" && waiters.has(key)) waiters.get(key)!.fail(new Error(t.message ?? `content task ${t.status}`));
            })
            .catch(() => undefined);
        }, WAITER_CHECK_MS);
        waiters.set(key, {
          consume: async (body) => {
            clearTimeout(timer);
            clearInterval(check);
            try {
              await consume(body);
              resolve();
            } catch (e) {
              reject(e as Error);
              throw e;
            }
          },
          fail: (e) => {
            clearTimeout(timer);
            clearInterval(check);
            waiters.delete(key);
            reject(e);
          },
        });
      });
    },

    hasWaiter: (taskId) => waiters.has(taskId.toString()),
  };
}
