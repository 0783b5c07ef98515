// CancelRecoveryByID of the SDK (reference §X), at its upstream path; not in the contracts'
// operations table yet.
import type { FastifyInstance } from "fastify";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { controlTask, TERMINAL } from "../../tasks/dispatch.ts";
import { findRecovery } from "./handlers.ts";

export function registerRecoveryRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.post<{ Params: { id: string } }>(`/v2/data-protect/recoveries/:id/cancel`, async (req, reply) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const recovery = await findRecovery(engine, tenantId, req.params.id);
    const task = recovery.taskId === null ? null : await engine.db.dataTask.findUnique({ where: { id: recovery.taskId } });
    if (!task || TERMINAL.includes(task.status)) throw conflict(`recovery ${req.params.id} is not running (${recovery.status})`);
    if (task.status === "Pending") {
      await engine.db.dataTask.update({ where: { id: task.id }, data: { status: "Canceled", endedAt: new Date() } });
      await engine.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceled" } });
    } else {
      await controlTask(engine, task, "cancel");
      await engine.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceling" } });
    }
    return reply.code(204).send();
  });
}
