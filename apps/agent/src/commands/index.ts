// Runs one command from a heartbeat response and says what the loop must do next.
import { AgentCommandSchema, type CommandResult } from "@lifeboat/agent-protocol";
import type { EngineClient } from "../engine-client.ts";
import type { Logger } from "../log.ts";
import { AGENT_VERSION } from "../version.ts";
import { listDirectory } from "./list-directory.ts";
import { runUpgrade } from "./upgrade.ts";

export interface CommandContext {
  client: Pick<EngineClient, "download">;
  agentToken: string;
  agentHome: string;
  log: Logger;
}

export type CommandOutcome =
  | { id: string; result: CommandResult; next: "continue" }
  | { id: string; result: CommandResult; next: "stop"; reason: string }
  | { id: string; result: CommandResult; next: "restart"; entry: string; version: string };

/** Null when the item has no usable id (nothing to report the failure against). */
export async function handleCommand(raw: unknown, ctx: CommandContext): Promise<CommandOutcome | null> {
  const parsed = AgentCommandSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const type = (raw as { type?: unknown } | null)?.type;
    ctx.log.warn(`ignoring command ${String(id)} of type ${String(type)}: not understood by agent ${AGENT_VERSION}`);
    if (typeof id !== "string") return null;
    const message = `command type ${JSON.stringify(type)} is not supported by agent version ${AGENT_VERSION} (or has invalid fields)`;
    return { id, result: { status: "Failed", message }, next: "continue" };
  }
  const cmd = parsed.data;
  switch (cmd.type) {
    case "stop":
      return { id: cmd.id, result: { status: "Succeeded", message: "agent stopping" }, next: "stop", reason: cmd.reason };
    case "listDirectory":
      return { id: cmd.id, result: await listDirectory(cmd.path), next: "continue" };
    case "upgrade": {
      ctx.log.info(`upgrading from ${AGENT_VERSION} to ${cmd.targetVersion} (task ${cmd.taskId})`);
      const outcome = await runUpgrade(cmd, ctx);
      if (outcome.result.status === "Failed") ctx.log.error(`upgrade failed, keeping version ${AGENT_VERSION}: ${outcome.result.message}`);
      else ctx.log.info(outcome.result.message ?? "upgrade done");
      return outcome.restartInto
        ? { id: cmd.id, result: outcome.result, next: "restart", entry: outcome.restartInto, version: cmd.targetVersion }
        : { id: cmd.id, result: outcome.result, next: "continue" };
    }
    default:
      // Data tasks and task controls are routed to the task manager before they get here
      // (command-router.ts); should one arrive anyway, say so instead of guessing.
      return {
        id: cmd.id,
        result: { status: "Failed", message: `command type "${cmd.type}" is not handled by the serial command queue of agent ${AGENT_VERSION}` },
        next: "continue",
      };
  }
}
