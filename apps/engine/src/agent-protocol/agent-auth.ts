// The one check of an agent's token (Authorization: Bearer <agentToken>) for every /agent/v1 route
// except register: the connector it belongs to, or 410 AgentRemoved when that connector was
// deleted (the agent then stops), 401 when no token is sent.
import type { FastifyReply, FastifyRequest, RouteGenericInterface } from "fastify";
import { sha256Hex } from "../auth/tokens.ts";
import type { EngineContext } from "../context.ts";
import { EngineError } from "../errors.ts";
import type { Connector } from "../generated/prisma/client.ts";

export const AGENT_REMOVED_MESSAGE = "this agent's connector was deleted; uninstall or re-register the agent";

export const gone = (reply: FastifyReply) => reply.code(410).send({ errorCode: "AgentRemoved", message: AGENT_REMOVED_MESSAGE });

async function connectorOf(engine: EngineContext, req: FastifyRequest): Promise<Connector | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!m) throw new EngineError("Unauthorized", "missing agent token: send 'Authorization: Bearer <agentToken>'");
  return engine.db.connector.findUnique({ where: { agentTokenHash: sha256Hex(m[1]!) } });
}

/** A route handler that runs only for a live agent, with its connector row. */
export function agentRoute<R extends RouteGenericInterface = RouteGenericInterface>(
  engine: EngineContext,
  handler: (connector: Connector, req: FastifyRequest<R>, reply: FastifyReply) => Promise<unknown>,
) {
  return async (req: FastifyRequest<R>, reply: FastifyReply) => {
    const connector = await connectorOf(engine, req);
    if (!connector) return gone(reply);
    return handler(connector, req, reply);
  };
}
