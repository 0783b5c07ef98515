// One folder of a registered host, listed live by its agent (Lifeboat extension for the portal's
// path picker): GET /lifeboat/v1/sources/{sourceId}/browse?path= (host-browse.ts).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { LIFEBOAT_API_PREFIX, parsePart } from "../../http/parse.ts";
import { browseHost } from "./host-browse.ts";

export function registerSourceRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.get<{ Params: { sourceId: string } }>(`${LIFEBOAT_API_PREFIX}/sources/:sourceId/browse`, async (req) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const q = parsePart(z.strictObject({ path: z.string().max(4096).default("/") }), req.query, "query");
    const deps = { db: engine.db, notifyAgent: engine.notifier.notify, agentOfflineSecs: engine.config.agentOfflineSecs, timeoutSecs: engine.config.browseTimeoutSecs };
    return browseHost(deps, tenantId, req.params.sourceId, q.path);
  });
}
