// Looking up a tenant's protection group and the hosts it protects, with what a backup task needs
// (agent, host name, include/exclude paths from the group's kFile params).
import { notFound } from "../../errors.ts";
import { parseColonId } from "../../ids.ts";
import type { EngineContext } from "../../context.ts";

interface FileObjectParams {
  id: number;
  filePaths?: { includedPath: string; excludedPaths?: string[] }[];
}
export interface GroupSpec {
  physicalParams?: { fileProtectionTypeParams?: { objects: FileObjectParams[]; globalExcludePaths?: string[] } };
}

export async function findTenantGroup(engine: EngineContext, tenantId: string, id: string) {
  const seq = parseColonId(engine.cluster, id);
  const group = seq === null ? null : await engine.db.protectionGroup.findFirst({ where: { seq, tenantId }, include: { policy: true } });
  if (!group) throw notFound("protection group", id);
  return group;
}

export interface BackupTarget {
  objectId: bigint;
  /** The registration's host object (the object itself, or the host of a volume): its repository holds the backups. */
  hostObjectId: bigint;
  name: string;
  connectorId: bigint | null;
  hostName: string;
  paths: string[];
  excludes: string[];
}

/** The hosts of a group with their agent and paths; `only` narrows to chosen object ids. */
export async function backupTargets(engine: EngineContext, groupSeq: bigint, spec: GroupSpec, only?: bigint[]): Promise<BackupTarget[]> {
  const links = await engine.db.protectedGroupObject.findMany({
    where: { groupSeq, ...(only ? { objectId: { in: only } } : {}) },
    include: { object: { include: { registration: true } } },
    orderBy: { objectId: "asc" },
  });
  const fp = spec.physicalParams?.fileProtectionTypeParams;
  const global = fp?.globalExcludePaths ?? [];
  const out: BackupTarget[] = [];
  for (const link of links) {
    const params = fp?.objects.find((o) => BigInt(o.id) === link.objectId);
    const connectorId = link.object.registration.connectorId;
    const connector = connectorId === null ? null : await engine.db.connector.findUnique({ where: { id: connectorId } });
    const filePaths = params?.filePaths?.length ? params.filePaths : [{ includedPath: "/", excludedPaths: [] }];
    out.push({
      objectId: link.objectId,
      hostObjectId: link.object.parentId ?? link.objectId,
      name: link.object.name,
      connectorId: connector?.id ?? null,
      hostName: connector?.hostName ?? link.object.name,
      paths: filePaths.map((f) => f.includedPath),
      excludes: [...global, ...filePaths.flatMap((f) => f.excludedPaths ?? [])],
    });
  }
  return out;
}
