// The private protocol between the engine (apps/engine) and the agents on protected hosts
// (apps/agent). It is not part of the upstream Backup and Recovery API: agents never call /v2.
//
// Shape: the agent always dials out to the engine (hosts behind NAT work), over HTTP(S) under
// `AGENT_API_PREFIX`. It registers once with a connection's registration token, then heartbeats;
// the engine answers each heartbeat with the commands queued for that agent. Long-running work
// (backups, restores, upgrades) reports progress and results on its own endpoints.
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
/** Directory listing for the portal's include/exclude path picker. */
export const ListDirectoryCommandSchema = z.object({
  id: z.string(),
  type: z.literal("listDirectory"),
  path: z.string(),
});
// Backup/restore/index/download commands are added by the engine part 2 work.
export const AgentCommandSchema = z.discriminatedUnion("type", [
  StopCommandSchema,
  UpgradeCommandSchema,
  ListDirectoryCommandSchema,
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
