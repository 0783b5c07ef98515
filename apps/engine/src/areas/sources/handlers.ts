// Source registrations (reference §2). This engine protects kPhysical hosts only: a registration
// binds a host that an agent (connector) of the given connection runs on, found by host name or
// address, and creates its object tree — the host and one object per volume / mount point.
import type { Volume } from "@lifeboat/agent-protocol";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { EngineDb } from "../../db.ts";
import { conflict, EngineError, invalidField, notFound } from "../../errors.ts";
import { nextStamp, nowUsecs, parseInt64 } from "../../ids.ts";
import type { Prisma, SourceObject, SourceRegistration } from "../../generated/prisma/client.ts";
import { uniqueOr409 } from "../../prisma-errors.ts";

/** A registration as created (POST) or replaced (PUT, which also carries lastModifiedTimestampUsecs). */
type RegistrationBody = OperationRequest<"registerProtectionSource" | "updateProtectionSourceRegistration">["body"];

export function unsupportedEnvironment(env: string, what: string): EngineError {
  return invalidField(`environment`, `this engine does not protect ${env} ${what} yet; only kPhysical hosts (file-based) are supported`);
}

type RegistrationWithObjects = SourceRegistration & { objects: SourceObject[] };

function toObjectSummary(o: SourceObject, hostName: string, hostId: bigint) {
  return {
    id: Number(o.id),
    name: o.name,
    sourceId: Number(hostId),
    sourceName: hostName,
    environment: o.environment,
    objectType: o.objectType,
    ...(o.osType ? { osType: o.osType } : {}),
    ...(o.sizeBytes !== null ? { logicalSizeBytes: Number(o.sizeBytes) } : {}),
  };
}

export function toRegistration(r: RegistrationWithObjects) {
  const host = r.objects.find((o) => o.parentId === null);
  const children = r.objects.filter((o) => o.parentId !== null);
  const spec = r.spec as Record<string, unknown>;
  return {
    ...spec,
    id: Number(r.id),
    name: r.name,
    environment: r.environment,
    dataSourceConnectionId: r.connectionId.toString(),
    ...(host
      ? {
          sourceId: Number(host.id),
          sourceInfo: { ...toObjectSummary(host, host.name, host.id), childObjects: children.map((c) => toObjectSummary(c, host.name, host.id)) },
        }
      : {}),
    authenticationStatus: "Finished",
    registrationTimeMsecs: r.registeredAt.getTime(),
    lastRefreshedTimeMsecs: Number(r.lastModifiedTimestampUsecs / 1000n),
    lastModifiedTimestampUsecs: Number(r.lastModifiedTimestampUsecs),
  };
}

async function findRegistration(ctx: RequestContext, id: string) {
  const key = parseInt64(id);
  const row = key === null ? null : await ctx.db.sourceRegistration.findFirst({
    where: { id: key, tenantId: ctx.tenantId },
    include: { objects: { orderBy: { id: "asc" } } },
  });
  if (!row) throw notFound("source registration", id);
  return row;
}

/** The connector of `connectionId` that runs on `endpoint` (host name or address). */
async function findHostConnector(ctx: RequestContext, connectionId: bigint, endpoint: string) {
  const connectors = await ctx.db.connector.findMany({
    where: {
      tenantId: ctx.tenantId,
      connectionId,
      OR: [{ hostName: { equals: endpoint, mode: "insensitive" } }, { addresses: { has: endpoint } }],
    },
    orderBy: { lastHeartbeatAt: "desc" },
    take: 1,
  });
  return connectors[0] ?? null;
}

async function validateBody(ctx: RequestContext, body: RegistrationBody) {
  if (body.environment !== "kPhysical") throw unsupportedEnvironment(body.environment, "sources");
  if (!body.physicalParams) throw invalidField("physicalParams", "required for environment kPhysical");
  if (body.physicalParams.applications?.length) {
    throw invalidField("physicalParams.applications", "application-aware (kSQL/kOracle) protection is not supported by this engine yet");
  }
  const pt = body.physicalParams.physicalType;
  if (pt !== undefined && pt !== "kHost") throw invalidField(`physicalParams.physicalType`, `only kHost is supported, got ${pt}`);
  if (!body.dataSourceConnectionId) {
    throw invalidField("dataSourceConnectionId", "required (the connection whose agent runs on the host)");
  }
  const connectionId = parseInt64(body.dataSourceConnectionId);
  const connection = connectionId === null ? null : await ctx.db.connection.findFirst({ where: { id: connectionId, tenantId: ctx.tenantId } });
  if (!connection) throw invalidField(`dataSourceConnectionId`, `data-source connection ${body.dataSourceConnectionId} does not exist`);
  const endpoint = body.physicalParams.endpoint.trim();
  if (endpoint.length === 0) throw invalidField("physicalParams.endpoint", "must not be blank");
  const connector = await findHostConnector(ctx, connection.id, endpoint);
  if (!connector) {
    throw invalidField(
      "physicalParams.endpoint",
      `no agent of connection ${connection.id} runs on host ${JSON.stringify(endpoint)}; install the agent there first`,
    );
  }
  return { connection, connector, endpoint };
}

function volumesOf(volumes: unknown): Volume[] {
  return Array.isArray(volumes) ? (volumes as Volume[]) : [];
}

function stripReadOnly(body: RegistrationBody): Prisma.InputJsonValue {
  const rest: Record<string, unknown> = { ...body };
  delete rest["lastModifiedTimestampUsecs"];
  return rest as Prisma.InputJsonValue;
}

export async function registerProtectionSource(ctx: RequestContext, input: OperationRequest<"registerProtectionSource">) {
  const body = input.body;
  const { connection, connector, endpoint } = await validateBody(ctx, body);
  const existing = await ctx.db.sourceRegistration.findFirst({
    where: { tenantId: ctx.tenantId, connectorId: connector.id },
  });
  if (existing && !body.physicalParams?.forceRegister) {
    throw conflict(`host ${endpoint} is already registered as source ${existing.id} (${existing.name}); set physicalParams.forceRegister to register it again`);
  }
  const name = body.name ?? endpoint;
  const created = await uniqueOr409(
    ctx.db.$transaction(async (tx) => {
      const reg = await tx.sourceRegistration.create({
        data: {
          tenantId: ctx.tenantId,
          name,
          environment: "kPhysical",
          connectionId: connection.id,
          connectorId: connector.id,
          endpoint,
          spec: stripReadOnly({ ...body, name }),
          lastModifiedTimestampUsecs: nowUsecs(),
        },
      });
      const osType = connector.os === "kWindows" ? "kWindows" : "kLinux";
      const host = await tx.sourceObject.create({
        data: { tenantId: ctx.tenantId, registrationId: reg.id, name: connector.hostName, objectType: "kHost", environment: "kPhysical", osType },
      });
      for (const v of volumesOf(connector.volumes)) {
        await tx.sourceObject.create({
          data: {
            tenantId: ctx.tenantId, registrationId: reg.id, parentId: host.id, name: v.mountPoint, objectType: "kVolume",
            environment: "kPhysical", osType, sizeBytes: v.sizeBytes === undefined ? null : BigInt(v.sizeBytes),
          },
        });
      }
      return reg;
    }),
    `a source registration named ${JSON.stringify(name)} already exists`,
  );
  return toRegistration(await findRegistration(ctx, created.id.toString()));
}

export async function getSourceRegistrations(ctx: RequestContext, input: OperationRequest<"getSourceRegistrations">) {
  const q = input.query;
  const rows = await ctx.db.sourceRegistration.findMany({
    where: { tenantId: ctx.tenantId, ...(q.ids ? { id: { in: q.ids.map((i) => BigInt(i)) } } : {}) },
    include: { objects: { orderBy: { id: "asc" } } },
    orderBy: { id: "asc" },
  });
  return { registrations: rows.map(toRegistration) };
}

export async function getProtectionSourceRegistration(ctx: RequestContext, input: OperationRequest<"getProtectionSourceRegistration">) {
  return toRegistration(await findRegistration(ctx, String(input.pathParams["id"])));
}

export async function updateProtectionSourceRegistration(ctx: RequestContext, input: OperationRequest<"updateProtectionSourceRegistration">) {
  const current = await findRegistration(ctx, String(input.pathParams["id"]));
  const body = input.body;
  const expected = body.lastModifiedTimestampUsecs;
  if (expected !== undefined && BigInt(expected) !== current.lastModifiedTimestampUsecs) {
    throw new EngineError("PreconditionFailed", `lastModifiedTimestampUsecs ${expected} is stale: registration ${current.id} was modified at ${current.lastModifiedTimestampUsecs}; get it again and resend`);
  }
  const { connection, connector, endpoint } = await validateBody(ctx, body);
  const name = body.name ?? endpoint;
  await uniqueOr409(
    ctx.db.sourceRegistration.update({
      where: { id: current.id },
      data: { name, connectionId: connection.id, connectorId: connector.id, endpoint, spec: stripReadOnly({ ...body, name }), lastModifiedTimestampUsecs: nextStamp(current.lastModifiedTimestampUsecs) },
    }),
    `a source registration named ${JSON.stringify(name)} already exists`,
  );
  return toRegistration(await findRegistration(ctx, current.id.toString()));
}

/** §Q 10: the PATCH body is only `{environment}`; for kPhysical it re-reads the host's volumes. */
export async function patchProtectionSourceRegistration(ctx: RequestContext, input: OperationRequest<"patchProtectionSourceRegistration">) {
  const current = await findRegistration(ctx, String(input.pathParams["id"]));
  const body = input.body;
  if (body.environment !== current.environment) {
    throw invalidField(`environment`, `registration ${current.id} is ${current.environment}, not ${body.environment}`);
  }
  if (current.connectorId !== null) {
    const connector = await ctx.db.connector.findUnique({ where: { id: current.connectorId } });
    if (connector) await syncHostObjects(ctx.db, connector.id, volumesOf(connector.volumes));
  }
  await ctx.db.sourceRegistration.update({ where: { id: current.id }, data: { lastModifiedTimestampUsecs: nextStamp(current.lastModifiedTimestampUsecs) } });
  return toRegistration(await findRegistration(ctx, current.id.toString()));
}

export async function deleteProtectionSourceRegistration(ctx: RequestContext, input: OperationRequest<"deleteProtectionSourceRegistration">) {
  const current = await findRegistration(ctx, String(input.pathParams["id"]));
  const groups = await ctx.db.protectionGroup.findMany({
    where: { tenantId: ctx.tenantId, objects: { some: { object: { registrationId: current.id } } } },
    select: { name: true, isDeleted: true },
    take: 5,
  });
  if (groups.length > 0) {
    // §Q 21: groups go first. Deleted groups that keep snapshots still pin the objects.
    throw conflict(
      `source registration ${current.id} is still protected by protection group(s) ${groups.map((g) => JSON.stringify(g.name) + (g.isDeleted ? " (deleted, keeps snapshots)" : "")).join(", ")}; delete them first`,
    );
  }
  await ctx.db.sourceRegistration.delete({ where: { id: current.id } });
}

/** Keep the volume objects of registrations on this agent's host in step with its heartbeat. */
export async function syncHostObjects(db: EngineDb, connectorId: bigint, volumes: Volume[]): Promise<void> {
  const regs = await db.sourceRegistration.findMany({ where: { connectorId }, include: { objects: true } });
  for (const reg of regs) {
    const host = reg.objects.find((o) => o.parentId === null);
    if (!host) continue;
    const known = new Set(reg.objects.filter((o) => o.parentId !== null).map((o) => o.name));
    const fresh = volumes.filter((v) => !known.has(v.mountPoint));
    if (fresh.length === 0) continue;
    await db.sourceObject.createMany({
      data: fresh.map((v) => ({
        tenantId: reg.tenantId, registrationId: reg.id, parentId: host.id, name: v.mountPoint, objectType: "kVolume",
        environment: reg.environment, osType: host.osType, sizeBytes: v.sizeBytes === undefined ? null : BigInt(v.sizeBytes),
      })),
    });
  }
}
