// CancelRecoveryByID of the SDK (reference §13, #51), at its upstream path; not in the contracts'
// operations table (its 43 operations are §1's). A recovery goes through `Canceling` to `Canceled`
// (reference §13): the agent stops the task and reports it Canceled within seconds whatever the task
// is doing (apps/agent task-manager.ts). When the host's agent is offline nobody would report it,
// so the recovery ends Canceled at once and the agent stops the task when it comes back (its late
// report is then refused and dropped).
import type { FastifyInstance } from "fastify";
import { authenticate } from "../../auth/bearer.ts";
import type { EngineContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { controlTask, TERMINAL } from "../../tasks/dispatch.ts";
import { isConnected } from "../connectors/handlers.ts";
import { findRecovery } from "./handlers.ts";

export function registerRecoveryRoutes(app: FastifyInstance, engine: EngineContext): void {
  app.post<{ Params: { id: string } }>(`/v2/data-protect/recoveries/:id/cancel`, async (req, reply) => {
    const { tenantId } = await authenticate(req, engine.db, engine.cluster.tokenSecret);
    const recovery = await findRecovery(engine, tenantId, req.params.id);
    const task = recovery.taskId === null ? null : await engine.db.dataTask.findUnique({ where: { id: recovery.taskId } });
    if (!task || TERMINAL.includes(task.status)) throw conflict(`recovery ${req.params.id} is not running (${recovery.status}); only a running recovery can be canceled`);
    if (recovery.status === "Canceling") throw conflict(`recovery ${req.params.id} is being canceled already`);
    if (task.status === "Pending" || task.status === "Waiting") {
      await engine.db.dataTask.update({ where: { id: task.id }, data: { status: "Canceled", message: "canceled before it started", endedAt: new Date() } });
      await engine.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceled", messages: ["canceled before it started"] } });
      return reply.code(204).send();
    }
    // Canceling before the agent hears of it: its Canceled report may come back at once.
    await engine.db.recovery.updateMany({ where: { seq: recovery.seq, status: { in: ["Accepted", "Running", "Paused", "OnHold"] } }, data: { status: "Canceling" } });
    await controlTask(engine, task, "cancel");
    const connector = await engine.db.connector.findUnique({ where: { id: task.connectorId } });
    if (!connector || !isConnected(connector, engine.config.agentOfflineSecs)) {
      const ended = await engine.db.dataTask.updateMany({ where: { id: task.id, status: task.status }, data: { status: "Canceling" } });
      if (ended.count === 1) {
        const host = connector?.hostName ?? `connector ${task.connectorId}`;
        await engine.events.onResult(task, { status: "Canceled", message: `canceled while the agent of ${host} was offline; it stops the task when it is back`, warnings: [] });
      }
    }
    return reply.code(204).send();
  });
}
