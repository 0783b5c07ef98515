// GET /metrics (Prometheus text): the engine's IAM bearer token (that tenant's figures) or
// `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` (every tenant).
import { isMetricsToken, PROMETHEUS_CONTENT_TYPE } from "@lifeboat/metrics";
import type { FastifyInstance } from "fastify";
import { authenticate } from "../auth/bearer.ts";
import type { EngineContext } from "../context.ts";
import { engineMetrics, observeHttp } from "./engine-metrics.ts";

export function registerMetricsRoute(app: FastifyInstance, engine: EngineContext, metricsToken: string | undefined): void {
  observeHttp(app);
  app.get("/metrics", async (req, reply) => {
    const tenantId = isMetricsToken(req.headers.authorization ?? null, metricsToken) ? null : (await authenticate(req, engine.db, engine.cluster.tokenSecret)).tenantId;
    const body = await engineMetrics(engine.db, { tenantId, agentOfflineSecs: engine.config.agentOfflineSecs }).metrics();
    return reply.header("content-type", PROMETHEUS_CONTENT_TYPE).header("cache-control", "no-store").send(body);
  });
}
