// The repository part of a task command for a host repository: the gateway URL and the restic
// password. The host's own agent authenticates with its own agent token (the command names no
// credential; the agent adds its token, which the engine knows only as a hash). A task on another
// host's repository (a restore or download elsewhere) gets a read-only grant for that one task.
import type { TaskRepository } from "@lifeboat/agent-protocol";
import type { EngineContext } from "../../context.ts";
import { EngineError } from "../../errors.ts";
import type { DataTask } from "../../generated/prisma/client.ts";
import { createReadGrant } from "./grants.ts";
import { ensureInitialized, gatewayUrl, openRepository } from "./repositories.ts";

export async function gatewayRepository(engine: EngineContext, task: DataTask, repositoryId: string, agentOrigin?: string): Promise<TaskRepository> {
  const row = await engine.db.repository.findUnique({ where: { id: repositoryId } });
  if (!row) throw new EngineError("NotFound", `repository ${repositoryId} of task ${task.id} does not exist`);
  await ensureInitialized(engine, row);
  const { password } = openRepository(engine, row);
  const url = gatewayUrl(engine, row.id, agentOrigin);
  const host = await engine.db.sourceObject.findUnique({ where: { id: row.objectId }, include: { registration: true } });
  if (host?.registration.connectorId === task.connectorId) return { config: { kind: "rest", url, username: "agent" }, password };
  if (task.type === "backup") throw new EngineError("Forbidden", `task ${task.id}: only the host's own agent backs up into its repository`);
  return { config: { kind: "rest", url, username: `task-${task.id}`, password: await createReadGrant(engine, row.id, task.id) }, password };
}
