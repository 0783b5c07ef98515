// Data-source connections (reference §7). A connection groups the connectors (agents) that reach a
// tenant's hosts; its registration token lets new agents join it (§Q 8: ~1 day, reusable).
import type { RequestContext, OperationRequest } from "../../context.ts";
import { conflict, invalidField, notFound } from "../../errors.ts";
import { parseInt64, randomInt64Above2Pow53 } from "../../ids.ts";
import { randomSecret, sha256Hex } from "../../auth/tokens.ts";
import { uniqueOr409 } from "../../prisma-errors.ts";

export const REGISTRATION_TOKEN_TTL_MS = 24 * 3600 * 1000;

interface ConnectionRow {
  id: bigint;
  tenantId: string;
  name: string;
  envType: string | null;
  connectors: { id: bigint }[];
}

function toConnection(row: ConnectionRow, registrationToken?: string) {
  return {
    connectionId: row.id.toString(),
    connectionName: row.name,
    ...(row.envType ? { connectionEnvType: row.envType } : {}),
    connectorIds: row.connectors.map((c) => c.id.toString()),
    tenantId: row.tenantId,
    // Tokens are stored hashed: only the call that creates one can show it.
    ...(registrationToken ? { registrationToken } : {}),
  };
}

/** Resolve a connection id of this tenant or throw 404 (a foreign id is indistinguishable). */
export async function findConnection(ctx: RequestContext, id: string) {
  const key = parseInt64(id);
  const row = key === null ? null : await ctx.db.connection.findFirst({
    where: { id: key, tenantId: ctx.tenantId },
    include: { connectors: { select: { id: true } } },
  });
  if (!row) throw notFound("data-source connection", id);
  return row;
}

async function issueToken(ctx: RequestContext, connectionId: bigint): Promise<string> {
  // The prefix makes leaked tokens recognisable to secret scanners; the rest is 256 random bits.
  const token = `lbrt_${randomSecret(32)}`;
  await ctx.db.registrationToken.create({
    data: { connectionId, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + REGISTRATION_TOKEN_TTL_MS) },
  });
  return token;
}

export async function createDataSourceConnection(ctx: RequestContext, input: OperationRequest<"createDataSourceConnection">) {
  const body = input.body;
  if (body.connectionName.trim().length === 0) throw invalidField("connectionName", "must not be blank");
  const row = await uniqueOr409(
    ctx.db.connection.create({
      data: { id: randomInt64Above2Pow53(), tenantId: ctx.tenantId, name: body.connectionName, envType: body.connectionEnvType ?? null },
      include: { connectors: { select: { id: true } } },
    }),
    `a data-source connection named ${JSON.stringify(body.connectionName)} already exists`,
  );
  return toConnection(row, await issueToken(ctx, row.id));
}

export async function getDataSourceConnections(ctx: RequestContext, input: OperationRequest<"getDataSourceConnections">) {
  const q = input.query;
  const ids = q.connectionIds?.map(parseInt64).filter((v): v is bigint => v !== null);
  const rows = await ctx.db.connection.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(q.connectionIds ? { id: { in: ids ?? [] } } : {}),
      ...(q.connectionNames ? { name: { in: q.connectionNames } } : {}),
    },
    include: { connectors: { select: { id: true }, orderBy: { registeredAt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
  return { connections: rows.map((r) => toConnection(r)) };
}

export async function generateDataSourceConnectionRegistrationToken(ctx: RequestContext, input: OperationRequest<"generateDataSourceConnectionRegistrationToken">) {
  const connection = await findConnection(ctx, input.pathParams["connectionId"]!);
  return issueToken(ctx, connection.id);
}

export async function patchDataSourceConnection(ctx: RequestContext, input: OperationRequest<"patchDataSourceConnection">) {
  const connection = await findConnection(ctx, input.pathParams["connectionId"]!);
  const body = input.body;
  if (body.connectionName.trim().length === 0) throw invalidField("connectionName", "must not be blank");
  const row = await uniqueOr409(
    ctx.db.connection.update({
      where: { id: connection.id },
      data: { name: body.connectionName },
      include: { connectors: { select: { id: true } } },
    }),
    `a data-source connection named ${JSON.stringify(body.connectionName)} already exists`,
  );
  return toConnection(row);
}

export async function deleteDataSourceConnection(ctx: RequestContext, input: OperationRequest<"deleteDataSourceConnection">) {
  const connection = await findConnection(ctx, input.pathParams["connectionId"]!);
  const users = await ctx.db.sourceRegistration.findMany({
    where: { tenantId: ctx.tenantId, connectionId: connection.id },
    select: { id: true, name: true },
    take: 5,
  });
  if (users.length > 0) {
    throw conflict(
      `data-source connection ${connection.id} is still used by source registration(s) ${users.map((u) => `${u.id} (${u.name})`).join(", ")}; delete them first`,
    );
  }
  // Connectors go with it (cascade); their agents get 410 on their next call and stop.
  await ctx.db.connection.delete({ where: { id: connection.id } });
}
