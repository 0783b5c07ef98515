// A file's versions across snapshots (Lifeboat extension for the BFF): GET /lifeboat/v1/file-versions.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { LIFEBOAT_API_PREFIX, parsePart } from "../../http/parse.ts";
import { fileVersions } from "./indexed.ts";

const FileVersionsQuerySchema = z.strictObject({
  objectId: z.string().regex(/^\d{1,18}$/, "objectId must be an object id"),
  path: z.string().min(1).max(4096),
});

export function registerSearchRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.get(`${LIFEBOAT_API_PREFIX}/file-versions`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const q = parsePart(FileVersionsQuerySchema, req.query, "query");
    return { versions: await fileVersions(engine, tenantId, BigInt(q.objectId), q.path) };
  });
}
