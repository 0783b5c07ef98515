// What every /v2 handler gets: the engine's dependencies plus the authenticated tenant. Handlers
// import no singletons, so a unit test can build a context over its own database.
import type { FastifyBaseLogger } from "fastify";
import type { Readable } from "node:stream";
import type { ClusterInfo } from "../auth/cluster.ts";
import type { EngineDb } from "../db.ts";
import type { JobQueue } from "../jobs/queue.ts";

export interface EngineConfig {
  publicUrl: string;
  agentPackageDir: string;
  agentOfflineSecs: number;
  heartbeatIntervalSecs: number;
}

export interface EngineContext {
  db: EngineDb;
  cluster: ClusterInfo;
  config: EngineConfig;
  queue: JobQueue;
}

export interface RequestContext extends EngineContext {
  tenantId: string;
  /** The request's logger (carries the request id). */
  log: FastifyBaseLogger;
}

/** The validated parts of a request (outputs of the operation's contract schemas). */
export interface OperationRequest {
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
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

export type Handler = (ctx: RequestContext, input: OperationRequest) => Promise<unknown>;
export type HandlerTable = Partial<Record<string, Handler>>;
