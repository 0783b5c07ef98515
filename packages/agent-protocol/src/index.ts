// The private protocol between the engine (apps/engine) and the agents on protected hosts
// (apps/agent). It is not part of the upstream Backup and Recovery API: agents never call /v2.
//
// Shape: the agent always dials out to the engine (hosts behind NAT work), over HTTP(S) under
// `AGENT_API_PREFIX`. It registers once with a connection's registration token, then heartbeats;
// the engine answers each heartbeat with the commands queued for that agent. Long-running work
// (backups, restores, upgrades) reports progress and results on its own endpoints.
import { RepositoryConfigSchema } from "@lifeboat/restic";
import { z } from "zod";

export const AGENT_API_PREFIX = "/agent/v1";
export const PROTOCOL_VERSION = 1;

export const VolumeSchema = z.object({
  mountPoint: z.string().min(1).max(4096),
  device: z.string().max(4096).optional(),
  fsType: z.string().max(64).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  usedBytes: z.number().int().nonnegative().optional(),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const HostFactsSchema = z.object({
  hostName: z.string().min(1).max(255),
  addresses: z.array(z.string().max(64)).max(64),
  os: z.enum(["kLinux", "kWindows", "kMacOS"]),
  osVersion: z.string().max(255).optional(),
  agentVersion: z.string().min(1).max(64),
  /** restic's version, or null when restic is missing on the host (a status, not a crash). */
  resticVersion: z.string().max(64).nullable(),
  volumes: z.array(VolumeSchema).max(1024),
});
export type HostFacts = z.infer<typeof HostFactsSchema>;

/** POST {prefix}/register — authenticated by the registration token in the body. */
export const RegisterRequestSchema = HostFactsSchema.extend({
  registrationToken: z.string().min(1).max(4096),
  protocolVersion: z.literal(PROTOCOL_VERSION),
});
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const RegisterResponseSchema = z.object({
  /** Connector id (string: may exceed 2^53, reference §Q 15). */
  connectorId: z.string(),
  connectionId: z.string(),
  /** Secret the agent sends as `Authorization: Bearer` on every later call. */
  agentToken: z.string(),
  heartbeatIntervalSecs: z.number().int().positive(),
});
export type RegisterResponse = z.infer<typeof RegisterResponseSchema>;

export const AgentStatusSchema = z.enum(["Healthy", "Degraded"]);

/** POST {prefix}/heartbeat — `Authorization: Bearer <agentToken>`. */
export const HeartbeatRequestSchema = HostFactsSchema.extend({
  status: AgentStatusSchema,
  statusMessage: z.string().max(2000).optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;

export const StopCommandSchema = z.object({
  id: z.string(),
  type: z.literal("stop"),
  reason: z.string(),
});
export const UpgradeCommandSchema = z.object({
  id: z.string(),
  type: z.literal("upgrade"),
  /** Upgrade task id of the upstream API (GetUpgradeTasks). */
  taskId: z.string(),
  targetVersion: z.string(),
  /** Path under the prefix to GET the package from (same bearer token). */
  packagePath: z.string(),
  sha256: z.string(),
});
/**
 * One folder of the host for the portal's include/exclude path picker (the engine's
 * GET /lifeboat/v1/sources/{id}/browse waits for it). `path` is absolute and normalised (no `..`);
 * the agent refuses anything else, and a path through a symbolic link, rather than follow it. The
 * answer goes to POST {prefix}/commands/{id}/result: `data` is a `ListDirectoryResult`, or `Failed`
 * with the reason naming the path ("permission denied: /root").
 */
export const ListDirectoryCommandSchema = z.object({
  id: z.string(),
  type: z.literal("listDirectory"),
  path: z.string().max(4096),
});
// ---------------------------------------------------------------------------------------------
// Data tasks. A task is long-running work the engine assigns to one agent: it
// arrives as a command, runs concurrently with heartbeats and other tasks, reports progress on
// POST {prefix}/tasks/{taskId}/progress and ends with POST {prefix}/tasks/{taskId}/result.
// The repository password and storage credentials travel only inside the task command, over the
// agent's authenticated channel, and are handed to restic through its environment (never argv,
// never logs). `taskControl` pauses, resumes or cancels a running task.
// ---------------------------------------------------------------------------------------------

/** Where the tenant's restic repository lives and how to open it (secrets included). */
export const TaskRepositorySchema = z.object({
  config: RepositoryConfigSchema,
  password: z.string().min(1),
});
export type TaskRepository = z.infer<typeof TaskRepositorySchema>;

const taskBase = {
  id: z.string(),
  taskId: z.string(),
  repository: TaskRepositorySchema,
};

/** Back up `paths` of this host into a new snapshot tagged with the run and object. */
export const BackupCommandSchema = z.object({
  ...taskBase,
  type: z.literal("backup"),
  runId: z.string(),
  objectId: z.number().int(),
  paths: z.array(z.string().min(1)).min(1),
  excludes: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  /** restic `--host`: the registration's host name, so snapshots group per protected object. */
  host: z.string(),
  /** kFull: re-read every file (restic `--force`). */
  full: z.boolean().default(false),
  parentSnapshotId: z.string().optional(),
});

/** Restore chosen paths of a snapshot to the original place or to another folder of this host. */
export const RestoreCommandSchema = z.object({
  ...taskBase,
  type: z.literal("restore"),
  recoveryId: z.string(),
  snapshotId: z.string(),
  /** Absolute paths inside the snapshot (files or folders). */
  include: z.array(z.string().min(1)).min(1),
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("original") }),
    z.object({ kind: z.literal("alternate"), path: z.string().min(1) }),
  ]),
  overwrite: z.boolean().default(true),
  preserveAttributes: z.boolean().default(true),
});

/**
 * List a snapshot's files and stream them to PUT {prefix}/tasks/{taskId}/index as NDJSON lines of
 * `IndexEntrySchema` (the engine bulk-loads them into its file index; nothing is held whole).
 */
export const IndexCommandSchema = z.object({
  ...taskBase,
  type: z.literal("index"),
  snapshotId: z.string(),
});

/**
 * Stream bytes out of a snapshot to PUT {prefix}/tasks/{taskId}/content: one file (optionally a
 * byte range) as is, or several files/folders as one zip archive.
 */
export const ContentCommandSchema = z.object({
  ...taskBase,
  type: z.literal("content"),
  snapshotId: z.string(),
  paths: z.array(z.string().min(1)).min(1),
  format: z.enum(["raw", "zip"]),
  startOffset: z.number().int().nonnegative().optional(),
  length: z.number().int().positive().optional(),
});

/** Retention: forget snapshots (and prune when asked); or verify the repository. */
export const ForgetCommandSchema = z.object({
  ...taskBase,
  type: z.literal("forget"),
  snapshotIds: z.array(z.string()).min(1),
  prune: z.boolean().default(true),
});
export const CheckCommandSchema = z.object({
  ...taskBase,
  type: z.literal("check"),
  readDataSubset: z.string().optional(),
});

export const TaskControlCommandSchema = z.object({
  id: z.string(),
  type: z.literal("taskControl"),
  taskId: z.string(),
  action: z.enum(["pause", "resume", "cancel"]),
});

export const AgentCommandSchema = z.discriminatedUnion("type", [
  StopCommandSchema,
  UpgradeCommandSchema,
  ListDirectoryCommandSchema,
  BackupCommandSchema,
  RestoreCommandSchema,
  IndexCommandSchema,
  ContentCommandSchema,
  ForgetCommandSchema,
  CheckCommandSchema,
  TaskControlCommandSchema,
]);
export type AgentCommand = z.infer<typeof AgentCommandSchema>;

export const HeartbeatResponseSchema = z.object({
  commands: z.array(AgentCommandSchema),
  heartbeatIntervalSecs: z.number().int().positive(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

/** POST {prefix}/commands/{id}/result */
export const CommandResultSchema = z.object({
  status: z.enum(["Succeeded", "Failed"]),
  message: z.string().max(10_000).optional(),
  /** Command-specific result (e.g. directory entries). */
  data: z.unknown().optional(),
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const DirectoryEntrySchema = z.object({
  name: z.string(),
  type: z.enum(["file", "directory", "symlink", "other"]),
  sizeBytes: z.number().int().nonnegative().optional(),
  mtimeMs: z.number().optional(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/**
 * Answers to an agent whose connector was deleted or whose token is no longer valid: the engine
 * replies 410 with this body to any call, and the agent stops.
 */
export const GoneResponseSchema = z.object({ errorCode: z.literal("AgentRemoved"), message: z.string() });

/** `data` of a Succeeded `listDirectory` result. Entries are capped; `truncated` says so. */
export const ListDirectoryResultSchema = z.object({
  path: z.string(),
  entries: z.array(DirectoryEntrySchema),
  truncated: z.boolean(),
});
export type ListDirectoryResult = z.infer<typeof ListDirectoryResultSchema>;

/**
 * POST {prefix}/poll — long poll for commands: the engine answers as soon as a command is queued
 * for this agent, or after `waitSecs` with none. Agents keep one poll open at all times so that
 * pause/resume/cancel reach a running task within about a second (heartbeats stay for host facts).
 */
export const PollRequestSchema = z.object({
  waitSecs: z.number().int().min(0).max(60),
  /**
   * Every data task this agent holds as the poll starts: queued, running, or ended with a result
   * the engine has not taken yet. The engine reconciles with it: a task it believes is running on
   * this agent but the agent does not hold (the agent lost it, e.g. restarted without its record)
   * fails at once instead of hanging until a timeout, and one it handed out but the agent never got
   * is handed out again. Absent (older agents): no reconciliation.
   */
  heldTaskIds: z.array(z.string().regex(/^\d{1,18}$/)).max(10_000).optional(),
});
export type PollRequest = z.infer<typeof PollRequestSchema>;
export const PollResponseSchema = z.object({ commands: z.array(AgentCommandSchema) });
export type PollResponse = z.infer<typeof PollResponseSchema>;

/**
 * POST {prefix}/tasks/{taskId}/progress — at most about once a second per task. `Queued`: the
 * agent accepted the task but runs its maximum number of tasks already (an `Accepted` run);
 * it is sent once, with zero figures, before the task starts.
 */
export const TaskProgressSchema = z.object({
  state: z.enum(["Queued", "Running", "Paused"]),
  percentDone: z.number().min(0).max(100),
  bytesDone: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative().optional(),
  filesDone: z.number().int().nonnegative(),
  totalFiles: z.number().int().nonnegative().optional(),
  secondsRemaining: z.number().int().nonnegative().optional(),
});
export type TaskProgress = z.infer<typeof TaskProgressSchema>;

export const TaskWarningSchema = z.object({ path: z.string().optional(), message: z.string() });

/** Figures of a finished backup (restic's summary). */
export const BackupResultDataSchema = z.object({
  snapshotId: z.string(),
  filesNew: z.number().int().nonnegative(),
  filesChanged: z.number().int().nonnegative(),
  filesUnmodified: z.number().int().nonnegative(),
  dirsNew: z.number().int().nonnegative().optional(),
  bytesAdded: z.number().int().nonnegative(),
  totalFilesProcessed: z.number().int().nonnegative(),
  totalBytesProcessed: z.number().int().nonnegative(),
  durationSecs: z.number().nonnegative(),
});
export type BackupResultData = z.infer<typeof BackupResultDataSchema>;

/**
 * POST {prefix}/tasks/{taskId}/result. Unreadable files make a backup `SucceededWithWarning`
 * with the files listed, not `Failed`. The engine answers 409 when it already gave the task up
 * (e.g. it restarted and failed the run): the agent then drops the result.
 */
export const TaskResultSchema = z.object({
  status: z.enum(["Succeeded", "SucceededWithWarning", "Failed", "Canceled"]),
  message: z.string().max(10_000).optional(),
  warnings: z.array(TaskWarningSchema).max(1000).default([]),
  data: z.unknown().optional(),
  /**
   * false: a failure that retrying cannot fix (a path that does not exist or cannot be read), so the
   * engine fails the object at once instead of retrying it; absent: the engine's retry policy applies.
   */
  retryable: z.boolean().optional(),
});
export type TaskResult = z.infer<typeof TaskResultSchema>;

/** One NDJSON line of an index upload. */
export const IndexEntrySchema = z.object({
  path: z.string(),
  name: z.string(),
  type: z.enum(["file", "dir", "symlink", "other"]),
  size: z.number().int().nonnegative().optional(),
  mtime: z.string().optional(),
});
export type IndexEntry = z.infer<typeof IndexEntrySchema>;
