// What happens when an agent reports on a task (the interface; task-events.ts implements it and
// engine.ts puts it in the EngineContext).
import type { IncomingMessage } from "node:http";
import type { TaskProgress, TaskResult } from "@lifeboat/agent-protocol";
import type { DataTask } from "../generated/prisma/client.ts";

export interface TaskEvents {
  onProgress(task: DataTask, progress: TaskProgress): Promise<void>;
  onResult(task: DataTask, result: TaskResult): Promise<void>;
  onIndexUpload(task: DataTask, body: IncomingMessage): Promise<void>;
  onContentUpload(task: DataTask, body: IncomingMessage): Promise<void>;
  /** Waits for the content upload of `taskId` and lets `consume` read it (a ranged download). */
  awaitContent(taskId: bigint, consume: (body: IncomingMessage) => Promise<void>, timeoutMs: number): Promise<void>;
  /** Whether a download in this process waits for the content upload of `taskId`. */
  hasWaiter(taskId: bigint): boolean;
}
