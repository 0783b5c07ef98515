// Routes each command the engine sends (from a heartbeat answer or the long poll) to where it
// runs: data tasks and task controls go to the task manager at once (so `cancel` reaches a running
// backup within about a second); listDirectory runs at once too (a quick read-only listing the
// portal waits for while someone picks folders: it must not wait behind an upgrade that waits for
// running backups); stop and upgrade wait in a serial queue that the heartbeat loop works through.
import { AgentCommandSchema, type CommandResult } from "@lifeboat/agent-protocol";
import { listDirectory } from "./commands/list-directory.ts";
import type { Logger } from "./log.ts";
import type { TaskManager } from "./tasks/task-manager.ts";
import { DATA_TASK_TYPES, type DataTaskCommand } from "./tasks/types.ts";

/** Commands seen lately: the same command may come from a heartbeat and from the poll. */
const REMEMBERED_IDS = 2000;

export interface CommandRouterOptions {
  tasks: TaskManager;
  reportResult(commandId: string, result: CommandResult): Promise<void>;
  /** A command for the serial queue arrived; wake the loop. */
  onSerial(): void;
  log: Logger;
}

export function createCommandRouter(opts: CommandRouterOptions) {
  const serial: unknown[] = [];
  const seen = new Set<string>();

  return {
    serial,
    route(raw: unknown): void {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === "string") {
        if (seen.has(id)) return;
        seen.add(id);
        if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
      }
      const parsed = AgentCommandSchema.safeParse(raw);
      if (parsed.success && DATA_TASK_TYPES.has(parsed.data.type)) {
        opts.tasks.submit(parsed.data as DataTaskCommand).catch((error: unknown) => {
          opts.log.error(`could not accept task ${(parsed.data as DataTaskCommand).taskId}: ${(error as Error).message}`);
        });
        return;
      }
      if (parsed.success && parsed.data.type === "taskControl") {
        const { id: commandId, taskId, action } = parsed.data;
        const result = opts.tasks.control(taskId, action);
        (result.status === "Succeeded" ? opts.log.info : opts.log.warn)(`task ${taskId}: ${action}: ${result.message ?? result.status}`);
        void opts.reportResult(commandId, result);
        return;
      }
      if (parsed.success && parsed.data.type === "listDirectory") {
        const { id: commandId, path } = parsed.data;
        void listDirectory(path).then((result) => opts.reportResult(commandId, result));
        return;
      }
      // Serial commands, and commands this version does not understand (handleCommand answers those).
      serial.push(raw);
      opts.onSerial();
    },
  };
}

export const isUpgradeCommand = (raw: unknown) => (raw as { type?: unknown } | null)?.type === "upgrade";
