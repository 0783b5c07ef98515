// The v1 protection-source tree of the IBM Go SDK v1.2.5 additions (reference §11, §M.8, §M.9):
// ListProtectionSources answers a "Physical Servers" kGroup root with one kHost node per
// registered host (its id is the host object id that groups, recoveries and SearchObjects use),
// its volumes and its agent; ListProtectionSourcesRegistrationInfo one root per registration with
// protection stats; RefreshProtectionSourceByID re-reads the host's volumes from its agent.
import type { Volume } from "@lifeboat/agent-protocol";
import type { OperationRequest, RequestContext } from "../../context.ts";
import { conflict, EngineError, notFound } from "../../errors.ts";
import type { Connector, SourceObject, SourceRegistration } from "../../generated/prisma/client.ts";
import { nextStamp, parseInt64 } from "../../ids.ts";
import { isConnected } from "../connectors/handlers.ts";
import { syncHostObjects } from "./handlers.ts";

/** The kGroup container of physical hosts: object ids start at 1, so 0 is never an object's. */
export const PHYSICAL_ROOT_ID = 0;
const PHYSICAL_ROOT_NAME = "Physical Servers";

type Registration = SourceRegistration & { objects: SourceObject[] };
interface HostEntry {
  reg: Registration;
  host: SourceObject;
  volumes: SourceObject[];
  connector: Connector | null;
  protectedIds: Set<bigint>;
}

const usecs = (d: Date) => d.getTime() * 1000;

/** AgentInformation.status (§E.12): the agent's health as its heartbeats tell it. */
function agentHealth(c: Connector, offlineSecs: number): string {
  if (!isConnected(c, offlineSecs)) return "kUnreachable";
  return /degrad|warn/i.test(c.status) ? "kDegraded" : "kHealthy";
}

function volumeOf(o: SourceObject, reported: Volume | undefined, protectedIds: Set<bigint>) {
  return {
    guid: `lifeboat-volume-${o.id}`,
    label: o.name,
    mountPoints: [o.name],
    ...(reported?.fsType ? { mountType: reported.fsType } : {}),
    ...(reported?.device ? { devicePath: reported.device } : {}),
    ...(o.sizeBytes !== null ? { logicalSizeBytes: Number(o.sizeBytes) } : {}),
    ...(reported?.usedBytes !== undefined ? { usedSizeBytes: reported.usedBytes } : {}),
    isProtected: protectedIds.has(o.id),
  };
}

function hostSize(e: HostEntry): number {
  return e.volumes.reduce((sum, v) => sum + Number(v.sizeBytes ?? 0n), 0);
}

function isProtected(e: HostEntry): boolean {
  return e.protectedIds.has(e.host.id) || e.volumes.some((v) => e.protectedIds.has(v.id));
}

/** ProtectionSourceNode of a host (§M.8). */
function hostSourceNode(ctx: RequestContext, e: HostEntry, withParent: boolean) {
  const reported = new Map(((Array.isArray(e.connector?.volumes) ? e.connector.volumes : []) as Volume[]).map((v) => [v.mountPoint, v]));
  const hostType = e.host.osType === "kWindows" ? "kWindows" : "kLinux";
  return {
    id: Number(e.host.id),
    ...(withParent ? { parentId: PHYSICAL_ROOT_ID } : {}),
    name: e.host.name,
    environment: "kPhysical",
    connectionId: Number(e.reg.connectionId),
    physicalProtectionSource: {
      type: "kHost",
      hostType,
      name: e.host.name,
      hostName: e.connector?.hostName ?? e.reg.endpoint,
      ...(e.connector ? { osName: e.connector.osVersion ?? (hostType === "kWindows" ? "Windows" : "Linux") } : {}),
      agents: e.connector
        ? [{
            // The agent's id in upgrade tasks (`agentIDs`) is its host's object id (agents/upgrade-tasks.ts).
            id: Number(e.host.id),
            name: e.connector.name,
            hostType,
            status: agentHealth(e.connector, ctx.config.agentOfflineSecs),
            ...(e.connector.statusMessage ? { statusMessage: e.connector.statusMessage } : {}),
            version: e.connector.agentVersion,
          }]
        : [],
      volumes: e.volumes.map((v) => volumeOf(v, reported.get(v.name), e.protectedIds)),
    },
  };
}

function accessInfo(e: HostEntry) {
  return { id: Number(e.reg.id), endpoint: e.reg.endpoint, environment: "kPhysical", connectionId: Number(e.reg.connectionId), version: 1 };
}

function registrationTimes(e: HostEntry) {
  return {
    authenticationStatus: "kFinished",
    registrationTimeUsecs: usecs(e.reg.registeredAt),
    refreshTimeUsecs: Number(e.reg.lastModifiedTimestampUsecs),
    ...(e.connector ? {} : { refreshErrorMessage: `no agent serves host ${e.host.name}; reinstall the agent on the host` }),
  };
}

/** The tenant's registered hosts with their volumes, agents and what groups protect. */
async function hostEntries(ctx: RequestContext): Promise<HostEntry[]> {
  const regs = await ctx.db.sourceRegistration.findMany({
    where: { tenantId: ctx.tenantId, environment: "kPhysical" },
    include: { objects: { orderBy: { id: "asc" } } },
    orderBy: { id: "asc" },
  });
  const connectorIds = regs.flatMap((r) => (r.connectorId !== null ? [r.connectorId] : []));
  const connectors = new Map((await ctx.db.connector.findMany({ where: { id: { in: connectorIds } } })).map((c) => [c.id, c]));
  const objectIds = regs.flatMap((r) => r.objects.map((o) => o.id));
  const protectedRows = await ctx.db.protectedGroupObject.findMany({
    where: { objectId: { in: objectIds }, group: { isDeleted: false } },
    select: { objectId: true },
  });
  const protectedIds = new Set(protectedRows.map((p) => p.objectId));
  return regs.flatMap((reg) => {
    const host = reg.objects.find((o) => o.parentId === null);
    if (!host) return [];
    const connector = reg.connectorId !== null ? connectors.get(reg.connectorId) ?? null : null;
    return [{ reg, host, volumes: reg.objects.filter((o) => o.parentId !== null), connector, protectedIds }];
  });
}

function summary(environment: string, leaves: HostEntry[]) {
  return leaves.length ? [{ environment, leavesCount: leaves.length, totalLogicalSize: leaves.reduce((s, e) => s + hostSize(e), 0) }] : [];
}

export async function listProtectionSources(ctx: RequestContext, input: OperationRequest<"listProtectionSources">) {
  const q = input.query;
  const wanted = [...(q.environments ?? []), ...(q.environment ? [q.environment] : [])];
  // Only physical hosts here: a filter without kPhysical leaves nothing.
  if (wanted.length > 0 && !wanted.includes("kPhysical")) return [];
  const entries = await hostEntries(ctx);
  const hostNode = (e: HostEntry, withParent: boolean) => ({
    protectionSource: hostSourceNode(ctx, e, withParent),
    registrationInfo: { accessInfo: accessInfo(e), ...registrationTimes(e), environments: ["kPhysical"] },
    logicalSize: hostSize(e),
  });
  if (q.id !== undefined && q.id !== PHYSICAL_ROOT_ID) {
    // The subtree below one node: a host has no child nodes (its volumes are in the host's details).
    const e = entries.find((x) => Number(x.host.id) === q.id || x.volumes.some((v) => Number(v.id) === q.id));
    if (!e) throw notFound("protection source", q.id);
    return [hostNode(e, true)];
  }
  if (entries.length === 0) return [];
  const levelsBelowRoot = q.numLevels ?? Infinity;
  return [{
    protectionSource: {
      id: PHYSICAL_ROOT_ID,
      name: PHYSICAL_ROOT_NAME,
      environment: "kPhysical",
      physicalProtectionSource: { type: "kGroup", name: PHYSICAL_ROOT_NAME },
    },
    ...(levelsBelowRoot >= 1 ? { nodes: entries.map((e) => hostNode(e, true)) } : {}),
    protectedSourcesSummary: summary("kPhysical", entries.filter(isProtected)),
    unprotectedSourcesSummary: summary("kPhysical", entries.filter((e) => !isProtected(e))),
  }];
}

function stats(entries: HostEntry[]) {
  const prot = entries.filter(isProtected);
  const unprot = entries.filter((e) => !isProtected(e));
  const size = (list: HostEntry[]) => list.reduce((s, e) => s + hostSize(e), 0);
  return { protectedCount: prot.length, protectedSize: size(prot), unprotectedCount: unprot.length, unprotectedSize: size(unprot) };
}

export async function listProtectionSourcesRegistrationInfo(ctx: RequestContext, input: OperationRequest<"listProtectionSourcesRegistrationInfo">) {
  const q = input.query;
  let entries = await hostEntries(ctx);
  if (q.environments?.length && !q.environments.includes("kPhysical")) entries = [];
  if (q.ids?.length) entries = entries.filter((e) => q.ids!.includes(Number(e.host.id)));
  const total = stats(entries);
  return {
    rootNodes: entries.map((e) => ({
      rootNode: hostSourceNode(ctx, e, false),
      registrationInfo: { accessInfo: accessInfo(e), ...registrationTimes(e), environments: ["kPhysical"] },
      logicalSizeBytes: hostSize(e),
      stats: stats([e]),
      statsByEnv: [{ environment: "kPhysical", ...stats([e]) }],
    })),
    stats: total,
    statsByEnv: entries.length ? [{ environment: "kPhysical", ...total }] : [],
  };
}

/**
 * RefreshProtectionSourceByID (§11): `id` is the registration id (as the SDK's test passes it) or
 * the host's object id. The volumes come from the host's agent (its heartbeats report them); an
 * agent that is offline or gone cannot tell, which is a 409 naming the host.
 */
export async function refreshProtectionSourceByID(ctx: RequestContext, input: OperationRequest<"refreshProtectionSourceByID">) {
  const raw = String(input.pathParams["id"]);
  const id = parseInt64(raw);
  const reg = id === null ? null : await ctx.db.sourceRegistration.findFirst({
    where: { tenantId: ctx.tenantId, OR: [{ id }, { objects: { some: { id, parentId: null } } }] },
    orderBy: { id: "asc" },
  });
  if (!reg) throw notFound("protection source", raw);
  const connector = reg.connectorId === null ? null : await ctx.db.connector.findUnique({ where: { id: reg.connectorId } });
  if (!connector) throw conflict(`source ${raw} (${reg.name}) cannot be refreshed: no agent serves the host (its connector was deleted); reinstall the agent on the host`);
  if (!isConnected(connector, ctx.config.agentOfflineSecs)) {
    throw conflict(`source ${raw} (${reg.name}) cannot be refreshed: the agent on host ${connector.hostName} is offline (no heartbeat since ${connector.lastHeartbeatAt.toISOString()})`);
  }
  const volumes = (Array.isArray(connector.volumes) ? connector.volumes : []) as Volume[];
  await syncHostObjects(ctx.db, connector.id, volumes);
  // Sizes move too: the agent's latest figures replace the ones of the registration time.
  for (const v of volumes) {
    if (v.sizeBytes === undefined) continue;
    await ctx.db.sourceObject.updateMany({ where: { registrationId: reg.id, parentId: { not: null }, name: v.mountPoint }, data: { sizeBytes: BigInt(v.sizeBytes) } });
  }
  const updated = await ctx.db.sourceRegistration.updateMany({
    where: { id: reg.id, lastModifiedTimestampUsecs: reg.lastModifiedTimestampUsecs },
    data: { lastModifiedTimestampUsecs: nextStamp(reg.lastModifiedTimestampUsecs) },
  });
  if (updated.count === 0) throw new EngineError("Conflict", `source ${raw} changed while it was refreshed; refresh it again`);
  // Wake the agent: a heartbeat soon after brings any volume it found since.
  ctx.notifier.notify(connector.id);
}
