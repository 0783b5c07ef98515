// Host repositories in the Lifeboat API extension (IAM bearer token + X-IBM-Tenant-Id, like /v2):
//
//   GET  /lifeboat/v1/repositories                      → { repositories: HostRepositoryView[] }
//   GET  /lifeboat/v1/sources/{sourceId}/repository     → HostRepositoryView (404 before the host's first backup)
//   POST /lifeboat/v1/repositories/{repositoryId}/check → 202 { repositoryId, checkRequested: true }
//   POST /lifeboat/v1/sources/{sourceId}/replace-agent  { connectorId } → { sourceId, connectorId, previousConnectorId }
//
// HostRepositoryView (the shape alerts and the portal read):
//   { repositoryId, sourceId, hostName, storage: { kind, path? | endpoint, bucket, prefix },
//     createdAt, initialized,
//     check: { status: "NotRun" | "Running" | "Passed" | "Failed" | "Error", lastRunAt?, message?,
//              readDataSubset?, nextDueAt? },
//     reconcile: { lastRunAt?, orphanSnapshots: [{ id, time, hostname, tags }],
//                  missingSnapshots: [{ snapshotId, resticSnapshotId, runId, timestampUsecs, missingSince }] } }
// Times are ISO-8601 strings; snapshotId is the wire id of GetObjectSnapshots.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { EngineError, notFound } from "../../errors.ts";
import type { Repository } from "../../generated/prisma/client.ts";
import { LIFEBOAT_API_PREFIX, parsePart } from "../../http/parse.ts";
import { parseInt64 } from "../../ids.ts";
import { describeHostStorage } from "./host-storage.ts";
import { openRepository, REPOSITORY_ID } from "./repositories.ts";

async function view(engine: EngineContext, row: Repository) {
  const host = await engine.db.sourceObject.findUnique({ where: { id: row.objectId }, select: { name: true } });
  const missing = await engine.db.snapshot.findMany({
    where: { repositoryId: row.id, missingAt: { not: null }, forgottenAt: null },
    orderBy: { timestampUsecs: "desc" },
    take: 1000,
  });
  const base = row.checkAt ?? row.initializedAt;
  return {
    repositoryId: row.id,
    sourceId: Number(row.objectId),
    hostName: host?.name ?? null,
    storage: describeHostStorage(openRepository(engine, row).storage),
    createdAt: row.createdAt.toISOString(),
    initialized: row.initializedAt !== null,
    check: {
      status: row.checkStatus ?? "NotRun",
      ...(row.checkAt ? { lastRunAt: row.checkAt.toISOString() } : {}),
      ...(row.checkMessage ? { message: row.checkMessage } : {}),
      ...(row.checkReadDataSubset ? { readDataSubset: row.checkReadDataSubset } : {}),
      ...(base ? { nextDueAt: new Date(base.getTime() + engine.config.checkIntervalHours * 3600_000).toISOString() } : {}),
    },
    reconcile: {
      ...(row.reconciledAt ? { lastRunAt: row.reconciledAt.toISOString() } : {}),
      orphanSnapshots: row.orphans as { id: string; time: string; hostname: string; tags: string[] }[],
      missingSnapshots: missing.map((s) => ({
        snapshotId: s.id.toString(),
        resticSnapshotId: s.resticSnapshotId,
        runId: s.runId.toString(),
        timestampUsecs: Number(s.timestampUsecs),
        missingSince: s.missingAt!.toISOString(),
      })),
    },
  };
}
export type HostRepositoryView = Awaited<ReturnType<typeof view>>;

/** The host object behind a sourceId (the host itself or one of its volumes), in the tenant. */
async function hostOf(engine: EngineContext, tenantId: string, sourceId: string) {
  const id = parseInt64(sourceId);
  const object = id === null ? null : await engine.db.sourceObject.findFirst({ where: { id, tenantId }, include: { registration: true } });
  if (!object) throw notFound("source", sourceId);
  return { hostObjectId: object.parentId ?? object.id, registration: object.registration };
}

export function registerRepositoryRoutes(app: FastifyInstance, engine: EngineContext): void {
  const P = LIFEBOAT_API_PREFIX;
  const caller = (req: Parameters<typeof authenticate>[0]) => authenticate(req, engine.db, engine.cluster.tokenSecret);

  app.get(`${P}/repositories`, async (req) => {
    const { tenantId } = await caller(req);
    const rows = await engine.db.repository.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
    return { repositories: await Promise.all(rows.map((r) => view(engine, r))) };
  });

  app.get<{ Params: { sourceId: string } }>(`${P}/sources/:sourceId/repository`, async (req) => {
    const { tenantId } = await caller(req);
    const { hostObjectId } = await hostOf(engine, tenantId, req.params.sourceId);
    const row = await engine.db.repository.findUnique({ where: { objectId: hostObjectId } });
    if (!row) throw new EngineError("NotFound", `source ${req.params.sourceId} has no repository yet: it is made by the host's first backup`);
    return view(engine, row);
  });

  app.post<{ Params: { repositoryId: string } }>(`${P}/repositories/:repositoryId/check`, async (req, reply) => {
    const { tenantId } = await caller(req);
    const id = req.params.repositoryId;
    const row = REPOSITORY_ID.test(id) ? await engine.db.repository.findFirst({ where: { id, tenantId } }) : null;
    if (!row) throw notFound("repository", id);
    if (!row.initializedAt) throw new EngineError("Conflict", `repository ${id} has no backup yet; there is nothing to check`);
    await engine.db.repository.update({ where: { id }, data: { checkRequestedAt: new Date() } });
    await engine.queue.enqueueRepositoryJob({ action: "check", repositoryId: id });
    return reply.code(202).send({ repositoryId: id, checkRequested: true });
  });

  // Replacing a host's agent (reinstall, new machine): the only way a registration moves to another
  // connector. Registration tokens never do it. Logged as an audit line with the caller's API key.
  app.post<{ Params: { sourceId: string } }>(`${P}/sources/:sourceId/replace-agent`, async (req) => {
    const caller_ = await caller(req);
    const body = parsePart(z.strictObject({ connectorId: z.string().regex(/^\d{1,20}$/, "connectorId must be a connector id") }), req.body, "body");
    const { registration } = await hostOf(engine, caller_.tenantId, req.params.sourceId);
    const connectorId = parseInt64(body.connectorId);
    const connector = connectorId === null ? null : await engine.db.connector.findFirst({ where: { id: connectorId, tenantId: caller_.tenantId } });
    if (!connector) throw new EngineError("InvalidRequest", `body.connectorId: no connector ${body.connectorId} in this tenant`);
    const previous = registration.connectorId;
    await engine.db.sourceRegistration.update({
      where: { id: registration.id },
      data: { connectorId: connector.id, connectionId: connector.connectionId },
    });
    engine.log.info(
      {
        audit: "replace-agent",
        apiKeyId: caller_.apiKeyId,
        tenantId: caller_.tenantId,
        registrationId: registration.id.toString(),
        previousConnectorId: previous?.toString() ?? null,
        connectorId: connector.id.toString(),
        hostName: connector.hostName,
      },
      `source ${registration.name}: agent replaced by connector ${connector.id} on host ${connector.hostName}`,
    );
    return { sourceId: Number(req.params.sourceId), connectorId: connector.id.toString(), previousConnectorId: previous?.toString() ?? null };
  });
}
