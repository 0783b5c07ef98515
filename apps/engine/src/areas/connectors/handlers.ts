// Data-source connectors (reference §10): here every connector is one Lifeboat agent. Connectivity
// is derived from the last heartbeat at read time, so a silent agent shows as disconnected within
// ENGINE_AGENT_OFFLINE_SECS (default 45 s) without any background sweep.
import type { OperationRequest, RequestContext } from "../../context.ts";
import { invalidField, notFound } from "../../errors.ts";
import { parseInt64 } from "../../ids.ts";
import type { Connector } from "../../generated/prisma/client.ts";

export function isConnected(c: Pick<Connector, "lastHeartbeatAt">, offlineSecs: number, now = Date.now()): boolean {
  return now - c.lastHeartbeatAt.getTime() <= offlineSecs * 1000;
}

export function toConnector(c: Connector, offlineSecs: number) {
  const connected = isConnected(c, offlineSecs);
  const seenSecs = Math.floor(c.lastHeartbeatAt.getTime() / 1000);
  return {
    connectorId: c.id.toString(),
    connectorName: c.name,
    connectionId: c.connectionId.toString(),
    connectivityStatus: {
      isConnected: connected,
      lastConnectedTimestampSecs: seenSecs,
      message: connected
        ? `${c.status}${c.statusMessage ? `: ${c.statusMessage}` : ""} (host ${c.hostName}, ${c.os}${c.osVersion ? ` ${c.osVersion}` : ""})`
        : `no heartbeat since ${c.lastHeartbeatAt.toISOString()}`,
    },
    softwareVersion: c.agentVersion,
    // Extensions beyond §M.6 (tolerant clients keep them): the host the agent runs on and restic's
    // version there ("" when the agent found no restic), so a portal need not parse `message`.
    hostName: c.hostName,
    resticVersion: c.resticVersion ?? "",
    ...(c.addresses[0] ? { tenantSideIp: c.addresses[0] } : {}),
    upgradeStatus: { status: "NotStarted" },
  };
}

async function findConnector(ctx: RequestContext, id: string) {
  const key = parseInt64(id);
  const row = key === null ? null : await ctx.db.connector.findFirst({ where: { id: key, tenantId: ctx.tenantId } });
  if (!row) throw notFound("data-source connector", id);
  return row;
}

export async function getDataSourceConnectors(ctx: RequestContext, input: OperationRequest<"getDataSourceConnectors">) {
  const q = input.query;
  const connectionId = q.connectionId === undefined ? undefined : parseInt64(q.connectionId);
  if (connectionId === null) throw invalidField("connectionId", "expected a decimal int64 string", "query");
  const rows = await ctx.db.connector.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(q.connectorIds ? { id: { in: q.connectorIds.map(parseInt64).filter((v): v is bigint => v !== null) } } : {}),
      ...(q.connectorNames ? { name: { in: q.connectorNames } } : {}),
      ...(connectionId !== undefined ? { connectionId } : {}),
    },
    orderBy: { registeredAt: "asc" },
  });
  return { connectors: rows.map((r) => toConnector(r, ctx.config.agentOfflineSecs)) };
}

export async function getConnectorMetadata() {
  // No VM images or Kubernetes connectors here: connectors are agents installed from
  // POST /data-protect/agents/download.
  return { connectorImageMetadata: { connectorImageFileList: [] }, k8sConnectorInfoList: [] };
}

export async function patchDataSourceConnector(ctx: RequestContext, input: OperationRequest<"patchDataSourceConnector">) {
  const row = await findConnector(ctx, input.pathParams["connectorId"]!);
  const body = input.body;
  if (body.connectorName === undefined) return toConnector(row, ctx.config.agentOfflineSecs);
  if (body.connectorName.trim().length === 0) throw invalidField("connectorName", "must not be blank");
  const updated = await ctx.db.connector.update({ where: { id: row.id }, data: { name: body.connectorName } });
  return toConnector(updated, ctx.config.agentOfflineSecs);
}

export async function deleteDataSourceConnector(ctx: RequestContext, input: OperationRequest<"deleteDataSourceConnector">) {
  const row = await findConnector(ctx, input.pathParams["connectorId"]!);
  // The agent's token dies with the row: its next call gets 410 AgentRemoved and it stops.
  await ctx.db.connector.delete({ where: { id: row.id } });
  // A long poll of this agent in progress wakes and answers 410 at once.
  ctx.notifier.notify(row.id);
}
