// The commands queued for an agent (AgentCommand rows: upgrades, folder listings, task controls),
// claimed for delivery. Heartbeat and poll answers both carry them (the agent drops a command it
// has already seen).
import type { AgentCommand } from "@lifeboat/agent-protocol";
import type { EngineContext } from "../context.ts";

export async function claimControlCommands(engine: EngineContext, connectorId: bigint): Promise<AgentCommand[]> {
  const pending = await engine.db.agentCommand.findMany({ where: { connectorId, status: "Pending" }, orderBy: { id: "asc" }, take: 20 });
  if (pending.length === 0) return [];
  await engine.db.agentCommand.updateMany({ where: { id: { in: pending.map((c) => c.id) } }, data: { status: "Delivered", deliveredAt: new Date() } });
  return pending.map((c) => ({ ...(c.payload as object), id: c.id.toString(), type: c.type }) as AgentCommand);
}
