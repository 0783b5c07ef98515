// Server side of packages/agent-protocol under /agent/v1, all in this folder. Agents dial out:
// register with a connection's registration token, then heartbeat; each heartbeat answer carries
// the commands queued for that agent; data tasks travel over the long poll (task-routes.ts). Every
// route but register checks the agent's token in agent-auth.ts: a deleted connector (or an unknown
// token) gets 410 AgentRemoved.
import { createReadStream } from "node:fs";
import type { FastifyInstance } from "fastify";
import {
  AGENT_API_PREFIX,
  CommandResultSchema,
  HeartbeatRequestSchema,
  RegisterRequestSchema,
  type HostFacts,
} from "@lifeboat/agent-protocol";
import { randomSecret, sha256Hex } from "../auth/tokens.ts";
import { EngineError, invalid } from "../errors.ts";
import type { z } from "zod";
import { parsePart } from "../http/parse.ts";
import type { EngineContext } from "../context.ts";
import { randomInt64Above2Pow53 } from "../ids.ts";
import { readAgentPackage } from "../areas/agents/package.ts";
import { recordUpgradeResult } from "../areas/agents/upgrade-tasks.ts";
import { syncHostObjects } from "../areas/sources/handlers.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { agentRoute, gone } from "./agent-auth.ts";
import { registerAgentTaskRoutes } from "./task-routes.ts";

const parse = <T extends z.ZodType>(schema: T, value: unknown) => parsePart(schema, value, "body");

export function registerAgentProtocolRoutes(app: FastifyInstance, engine: EngineContext): void {
  registerAgentTaskRoutes(app, engine);
  const interval = engine.config.heartbeatIntervalSecs;

  app.post(`${AGENT_API_PREFIX}/register`, async (req, reply) => {
    const body = parse(RegisterRequestSchema, req.body);
    const token = await engine.db.registrationToken.findUnique({
      where: { tokenHash: sha256Hex(body.registrationToken) },
      include: { connection: true },
    });
    if (!token || token.expiresAt < new Date()) {
      throw new EngineError("Unauthorized", "the registration token is unknown or expired; generate a new one for the connection");
    }
    const agentToken = `lbat_${randomSecret(32)}`;
    const connector = await engine.db.connector.create({
      data: {
        id: randomInt64Above2Pow53(),
        tenantId: token.connection.tenantId,
        connectionId: token.connectionId,
        name: body.hostName,
        agentTokenHash: sha256Hex(agentToken),
        ...hostFactsData(body),
        status: "Healthy",
        lastHeartbeatAt: new Date(),
      },
    });
    // A registration token creates connectors; it never moves an existing host's registration to
    // the new one (a second agent claiming a registered host's name must not take its backups over).
    // Replacing a host's agent is an admin's explicit, audited action:
    // POST /lifeboat/v1/sources/{sourceId}/replace-agent (areas/sources/replace-agent.ts).
    req.log.info({ connectorId: connector.id.toString(), host: body.hostName }, "agent registered");
    return reply.code(201).send({
      connectorId: connector.id.toString(),
      connectionId: connector.connectionId.toString(),
      agentToken,
      heartbeatIntervalSecs: interval,
    });
  });

  app.post(
    `${AGENT_API_PREFIX}/heartbeat`,
    agentRoute(engine, async (connector, req, reply) => {
      const body = parse(HeartbeatRequestSchema, req.body);
      // updateMany: a connector deleted since the token check answers 410, not a 500.
      const alive = await engine.db.connector.updateMany({
        where: { id: connector.id },
        data: {
          ...hostFactsData(body),
          status: body.status,
          statusMessage: body.statusMessage ?? null,
          lastHeartbeatAt: new Date(),
        },
      });
      if (alive.count === 0) return gone(reply);
      await syncHostObjects(engine.db, connector.id, body.volumes);
      // One command channel: commands go out only in answers to the long poll (task-routes.ts),
      // which re-checks every second, so an agent never gets one twice. The field stays for the
      // protocol's shape (an older engine delivered commands here; the agent still reads it).
      return reply.send({ commands: [], heartbeatIntervalSecs: interval });
    }),
  );

  app.post<{ Params: { id: string } }>(
    `${AGENT_API_PREFIX}/commands/:id/result`,
    agentRoute<{ Params: { id: string } }>(engine, async (connector, req, reply) => {
      const body = parse(CommandResultSchema, req.body);
      if (!/^\d{1,18}$/.test(req.params.id)) throw invalid(`command id ${JSON.stringify(req.params.id)} is not a number`);
      const command = await engine.db.agentCommand.findFirst({ where: { id: BigInt(req.params.id), connectorId: connector.id } });
      if (!command) throw new EngineError("NotFound", `command ${req.params.id} was not found for this agent`);
      await engine.db.agentCommand.update({
        where: { id: command.id },
        data: { status: body.status, result: { message: body.message ?? null, data: body.data ?? null } as Prisma.InputJsonValue, finishedAt: new Date() },
      });
      if (command.type === "upgrade") await recordUpgradeResult(engine.db, command, connector, body);
      return reply.code(204).send();
    }),
  );

  // The agent package an `upgrade` command points at (same bearer token as the heartbeat).
  app.get<{ Params: { file: string } }>(
    `${AGENT_API_PREFIX}/package/:file`,
    agentRoute<{ Params: { file: string } }>(engine, async (_connector, req, reply) => {
      const pkg = await readAgentPackage(engine.config.agentPackageDir);
      if (req.params.file !== pkg.packageFile) throw new EngineError("NotFound", `no agent package ${req.params.file}`);
      return reply.header("content-type", "application/gzip").send(createReadStream(pkg.packagePath));
    }),
  );
}

/** The host facts an agent reports on registration and on every heartbeat, as connector columns. */
function hostFactsData(body: HostFacts) {
  return {
    hostName: body.hostName,
    addresses: body.addresses,
    os: body.os,
    osVersion: body.osVersion ?? null,
    agentVersion: body.agentVersion,
    resticVersion: body.resticVersion,
    volumes: body.volumes as Prisma.InputJsonValue,
  };
}
