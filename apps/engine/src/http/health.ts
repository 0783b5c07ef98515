// Health of the engine process: `/healthz` says the process serves HTTP (liveness: restart it when
// this fails); `/readyz` also says its database answers and every engine migration is applied
// (readiness: send it work). Neither needs a token; `/readyz` answers which check failed, never
// why (the reason names hosts and ports and goes to the log).
import type { FastifyInstance } from "fastify";
import { checkReadiness, readinessResponse } from "@lifeboat/postgres";
import type { EngineContext } from "../context.ts";
import { connectionStringOf } from "../db.ts";
import { MIGRATIONS_DIR } from "../migrate.ts";

export function registerHealthRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (req, reply) => {
    const readiness = await checkReadiness({ url: connectionStringOf(engine.db), migrationsDir: MIGRATIONS_DIR });
    if (!readiness.ready) req.log.warn({ reason: readiness.reason }, "not ready");
    const { status, body } = readinessResponse(readiness);
    return reply.code(status).send({ status: readiness.ready ? "ready" : "not ready", ...body });
  });
}
