// Lifeboat extensions over the file index, for the BFF: a file's versions across snapshots (GET
// /lifeboat/v1/file-versions) and one folder level of a snapshot (GET
// /lifeboat/v1/objects/{objectId}/snapshots/{snapshotId}/files?path=&cursor=&limit=).
import type { FastifyInstance } from "fastify";
import { decodeWireParams, SnapshotFolderQuerySchema } from "@lifeboat/contracts";
import { z } from "zod";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { LIFEBOAT_API_PREFIX, parsePart } from "../../http/parse.ts";
import { fileVersions } from "./indexed.ts";
import { listSnapshotFolder } from "./snapshot-folder.ts";

const FileVersionsQuerySchema = z.strictObject({
  objectId: z.string().regex(/^\d{1,18}$/, "objectId must be an object id"),
  path: z.string().min(1).max(4096),
});

const SnapshotFolderParamsSchema = z.strictObject({
  objectId: z.string().regex(/^\d{1,18}$/, "objectId must be an object id"),
  snapshotId: z.string().regex(/^\d{1,18}$/, "snapshotId must be a snapshot id as GetObjectSnapshots returns it"),
});

export function registerSearchRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.get(`${LIFEBOAT_API_PREFIX}/file-versions`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const q = parsePart(FileVersionsQuerySchema, req.query, "query");
    return { versions: await fileVersions(engine, tenantId, BigInt(q.objectId), q.path) };
  });

  app.get(`${LIFEBOAT_API_PREFIX}/objects/:objectId/snapshots/:snapshotId/files`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const p = parsePart(SnapshotFolderParamsSchema, req.params, "path");
    const q = parsePart(SnapshotFolderQuerySchema, decodeWireParams(SnapshotFolderQuerySchema, req.query as Record<string, string>), "query");
    return listSnapshotFolder(engine, tenantId, BigInt(p.objectId), BigInt(p.snapshotId), q);
  });
}
