// The commands queued for an agent (AgentCommand rows: upgrades, folder listings, task controls),
// claimed for delivery by the long poll, the one channel commands travel in. Every command leaves the engine through the agent protocol's own schema
// (agentCommand): one the schema refuses is the engine's bug, fails here with the reason, and is
// never handed to an agent to guess at.
import { AgentCommandSchema, type AgentCommand } from "@lifeboat/agent-protocol";
import { formatZodIssues } from "@lifeboat/contracts";
import type { EngineContext } from "../context.ts";

/** A command as the agent protocol defines it, or an error that names what the engine got wrong. */
export function agentCommand(fields: Record<string, unknown>): AgentCommand {
  const parsed = AgentCommandSchema.safeParse(fields);
  if (!parsed.success) throw new Error(`the engine built a malformed ${String(fields["type"])} command: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

export async function claimControlCommands(engine: EngineContext, connectorId: bigint): Promise<AgentCommand[]> {
  const pending = await engine.db.agentCommand.findMany({ where: { connectorId, status: "Pending" }, orderBy: { id: "asc" }, take: 20 });
  if (pending.length === 0) return [];
  const out: AgentCommand[] = [];
  for (const c of pending) {
    const payload = typeof c.payload === "object" && c.payload !== null && !Array.isArray(c.payload) ? c.payload : {};
    try {
      out.push(agentCommand({ ...payload, id: c.id.toString(), type: c.type }));
      await engine.db.agentCommand.update({ where: { id: c.id }, data: { status: "Delivered", deliveredAt: new Date() } });
    } catch (err) {
      engine.log.error({ err, commandId: c.id.toString() }, "agent command refused by the agent protocol's schema");
      await engine.db.agentCommand.update({
        where: { id: c.id },
        data: { status: "Failed", result: { message: (err as Error).message, data: null }, finishedAt: new Date() },
      });
    }
  }
  return out;
}
