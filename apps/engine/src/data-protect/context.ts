// What the part-2 services share: the engine's database and identity, the secret box, the agent
// wake-up notifier and settings. Built once in attach.ts; handlers close over it (no singletons).
import type { FastifyBaseLogger } from "fastify";
import type { ClusterInfo } from "../auth/cluster.ts";
import type { EngineDb } from "../db.ts";
import type { SecretBox } from "./storage/secret-box.ts";
import type { AgentNotifier } from "./tasks/notifier.ts";

export interface DataProtect {
  db: EngineDb;
  cluster: ClusterInfo;
  dataDir: string;
  secrets: SecretBox;
  notifier: AgentNotifier;
  log: FastifyBaseLogger;
  taskTimeoutSecs: number;
  /** A connector without heartbeat (or poll) for this long is offline (ENGINE_AGENT_OFFLINE_SECS). */
  agentOfflineSecs: number;
  /** GET /lifeboat/v1/sources/{id}/browse waits this long for the agent (ENGINE_BROWSE_TIMEOUT_SECS). */
  browseTimeoutSecs: number;
}
