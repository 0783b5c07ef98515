import type {
  BackupCommandSchema,
  CheckCommandSchema,
  ContentCommandSchema,
  ForgetCommandSchema,
  IndexCommandSchema,
  RestoreCommandSchema,
  TaskProgress,
  TaskResult,
} from "@lifeboat/agent-protocol";
import type { Restic } from "@lifeboat/restic";
import type { Readable } from "node:stream";
import type { z } from "zod";
import type { Logger } from "../log.ts";
import type { BoundedFs } from "./bounded-fs.ts";
import type { DownloadCache } from "./download-cache.ts";

export type BackupCommand = z.infer<typeof BackupCommandSchema>;
export type RestoreCommand = z.infer<typeof RestoreCommandSchema>;
export type IndexCommand = z.infer<typeof IndexCommandSchema>;
export type ContentCommand = z.infer<typeof ContentCommandSchema>;
export type ForgetCommand = z.infer<typeof ForgetCommandSchema>;
export type CheckCommand = z.infer<typeof CheckCommandSchema>;
export type DataTaskCommand = BackupCommand | RestoreCommand | IndexCommand | ContentCommand | ForgetCommand | CheckCommand;

export const DATA_TASK_TYPES: ReadonlySet<string> = new Set(["backup", "restore", "index", "content", "forget", "check"]);

/** What a running task may do; built by the task manager for each task. */
export interface TaskContext {
  restic: Restic;
  /** Aborted by a `cancel` task control (or agent shutdown): stop restic with SIGINT and return. */
  signal: AbortSignal;
  /** Latest figures; posted to the engine at most once a second. */
  progress(p: Omit<TaskProgress, "state">): void;
  /** Tasks that can really pause (backups: SIGSTOP of restic) register how. */
  setPauseControl(control: { pause(): void; resume(): void } | null): void;
  /** PUT a stream to /tasks/{taskId}/index|content; resolves when the engine answered 2xx. */
  upload(what: "index" | "content", body: Readable, contentType: string): Promise<void>;
  /** The repository was left by a crashed run: unlock + rebuild its index before the next backup. */
  repair: { needed(): Promise<boolean>; done(): Promise<void> };
  log: Logger;
  /** The repository's non-secret key (see in-flight.ts). */
  repoKey: string;
  /** Ranged single-file downloads read through it (see download-cache.ts). */
  downloadCache: DownloadCache;
  /** File-system steps with the task's deadline and cancel (bounded-fs.ts). */
  fs: BoundedFs;
}

export type TaskRunner<C extends DataTaskCommand> = (cmd: C, ctx: TaskContext) => Promise<TaskResult>;
