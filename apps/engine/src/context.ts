// The one context of the engine: its database, identity, settings, job queue, secret box, agent
// wake-ups, task events and logger. Built once in engine.ts; every handler, route, job and service
// takes it (or the RequestContext derived from it) as an argument — no singletons, so a unit test
// can build one over its own database.
import type { FastifyBaseLogger } from "fastify";
import type { z } from "zod";
import type { OperationName, Operations } from "@lifeboat/contracts";
import type { Readable } from "node:stream";
import type { ClusterInfo } from "./auth/cluster.ts";
import type { EngineDb } from "./db.ts";
import type { JobQueue } from "./jobs/queue.ts";
import type { SecretBox } from "./secret-box.ts";
import type { AgentNotifier } from "./tasks/notifier.ts";
import type { TaskEvents } from "./tasks/events.ts";

/** Settings from the environment (env.ts), resolved. */
export interface EngineConfig {
  /** URL agents and the installer use to reach the engine (ENGINE_PUBLIC_URL). */
  publicUrl: string;
  agentPackageDir: string;
  /** Absolute ENGINE_DATA_DIR. */
  dataDir: string;
  tokenTtlSecs: number;
  /** A connector without heartbeat (or poll) for this long is offline (ENGINE_AGENT_OFFLINE_SECS). */
  agentOfflineSecs: number;
  heartbeatIntervalSecs: number;
  /** ENGINE_TASK_TIMEOUT_SECS: a task whose agent stopped polling and reporting this long fails. */
  taskTimeoutSecs: number;
  /** ENGINE_TASK_DELIVERY_TIMEOUT_SECS: a delivered task never reported on is handed out again. */
  taskDeliveryTimeoutSecs: number;
  /** GET /lifeboat/v1/sources/{id}/browse waits this long for the agent (ENGINE_BROWSE_TIMEOUT_SECS). */
  browseTimeoutSecs: number;
  /** Period of the scheduler, watchdog and retention sweeps (ENGINE_SCHEDULER_INTERVAL_SECS). */
  schedulerIntervalSecs: number;
  /** ENGINE_HOST_REPOSITORIES: new backups go to per-host repositories behind the gateway. */
  hostRepositories: boolean;
  /** restic binary the engine runs on host repositories (ENGINE_RESTIC_BIN). */
  resticBin: string;
  /** Scheduled `restic check` of each host repository (ENGINE_REPOSITORY_CHECK_*). */
  checkIntervalHours: number;
  checkReadDataSubset: string;
  /** ENGINE_RECONCILE_INTERVAL_SECS: engine snapshots vs each repository's. */
  reconcileIntervalSecs: number;
}

/** This process's own URL (ENGINE_INTERNAL_URL, else its listening address), known once it listens. */
export interface SelfUrl {
  url?: string;
}

export interface EngineContext {
  db: EngineDb;
  cluster: ClusterInfo;
  config: EngineConfig;
  queue: JobQueue;
  secrets: SecretBox;
  notifier: AgentNotifier;
  events: TaskEvents;
  /** For engine-to-engine relays of single-file downloads (tasks/content-relay.ts). */
  self: SelfUrl;
  /** The engine's logger; a RequestContext carries the request's logger (with its request id). */
  log: FastifyBaseLogger;
}

export interface RequestContext extends EngineContext {
  tenantId: string;
}

/** The output of operation N's schema for one part of the request; a part it has no schema for is empty. */
type ParsedPart<Op, K extends "query" | "body", Otherwise> = Op extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : Otherwise;

/**
 * The validated parts of a request of operation N: query and body are the outputs of the
 * operation's contract schemas (http/operation-routes.ts parses them before the handler runs), so a
 * handler reads its input typed from the contracts and never casts it.
 */
export interface OperationRequest<N extends OperationName = OperationName> {
  pathParams: Record<string, string>;
  query: ParsedPart<Operations[N], "query", Record<string, never>>;
  body: ParsedPart<Operations[N], "body", undefined>;
  headers: Record<string, unknown>;
}

/** A handler's answer for operations whose responseKind is "binary". */
export class BinaryResult {
  constructor(
    readonly body: Buffer | Readable,
    readonly contentType: string,
    readonly fileName: string,
  ) {}
}

/** The handler of operation N, typed by its contract (src/operations.ts maps every operation to one). */
export type Handler<N extends OperationName = OperationName> = (ctx: RequestContext, input: OperationRequest<N>) => Promise<unknown>;
