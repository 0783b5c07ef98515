// Engine side of the data-task protocol (packages/agent-protocol): the long poll, task progress,
// task results and the two streamed uploads (index NDJSON, content bytes).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AGENT_API_PREFIX, PollRequestSchema, TaskProgressSchema, TaskResultSchema, type AgentCommand } from "@lifeboat/agent-protocol";
import type { EngineContext } from "../context.ts";
import { EngineError, invalid } from "../errors.ts";
import type { Connector, DataTask } from "../generated/prisma/client.ts";
import { parsePart } from "../http/parse.ts";
import { commandFor, TERMINAL } from "../tasks/dispatch.ts";
import { verifyBackupResult } from "../areas/repositories/verify-backup.ts";
import { missingRepositoryData, REPAIR_HOLD_MS, requestRepair } from "../areas/repositories/maintenance.ts";
import { agentRoute, gone } from "./agent-auth.ts";
import { claimControlCommands } from "./commands.ts";
import { reconcileHeldTasks } from "../jobs/watchdog.ts";

type TaskParams = { Params: { taskId: string } };

async function taskOf(engine: EngineContext, connector: Connector, id: string): Promise<DataTask> {
  if (!/^\d{1,18}$/.test(id)) throw invalid(`task id ${JSON.stringify(id.slice(0, 40))} is not a number`);
  const task = await engine.db.dataTask.findFirst({ where: { id: BigInt(id), connectorId: connector.id } });
  if (!task) throw new EngineError("NotFound", `task ${id} was not found for this agent`);
  return task;
}

/** §protocol: the engine answers 409 when it already gave a task up; the agent drops its report. */
function ensureLive(task: DataTask) {
  if (TERMINAL.includes(task.status)) throw new EngineError("Conflict", `task ${task.id} already ended (${task.status}): ${task.message ?? ""}`.trim());
}

/**
 * The origin (scheme://host[:port]) the agent's request came in on: a proxy's X-Forwarded-Proto/Host
 * when it sets them, else the request's own. Only the requesting agent's own commands carry it.
 */
export function requestOrigin(req: FastifyRequest): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim();
  const host = first(req.headers["x-forwarded-host"]) || first(req.headers.host);
  const proto = first(req.headers["x-forwarded-proto"]) || req.protocol;
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) || !/^https?$/.test(proto)) return undefined;
  return `${proto}://${host}`;
}

async function pendingCommands(engine: EngineContext, connector: Connector, agentOrigin: string | undefined): Promise<AgentCommand[]> {
  const commands = await claimControlCommands(engine, connector.id);
  const tasks = await engine.db.dataTask.findMany({ where: { connectorId: connector.id, status: "Pending" }, orderBy: { id: "asc" }, take: 20 });
  // Tasks of a repository the engine is repairing wait for it (bounded), so a backup does not reuse
  // index entries of data that is gone.
  const repairing = new Set(
    (
      await engine.db.repository.findMany({
        where: { id: { in: tasks.flatMap((t) => (t.repositoryId ? [t.repositoryId] : [])) }, repairRequestedAt: { gt: new Date(Date.now() - REPAIR_HOLD_MS) } },
        select: { id: true },
      })
    ).map((r) => r.id),
  );
  for (const task of tasks) {
    if (task.repositoryId && repairing.has(task.repositoryId)) continue;
    // Claim first: of two polls racing for the same task only one delivers it.
    const claimed = await engine.db.dataTask.updateMany({
      where: { id: task.id, status: "Pending" },
      data: { status: "Delivered", deliveredAt: new Date(), lastReportAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    try {
      commands.push(await commandFor(engine, task, agentOrigin));
    } catch (err) {
      // The command cannot be built (the host's repository could not be created on its storage…):
      // the task fails with the reason instead of the poll failing for every task of this agent.
      engine.log.error({ err, taskId: task.id.toString() }, "task command could not be built");
      const message = `the engine could not prepare task ${task.id}: ${(err as Error).message}`;
      await engine.events.onResult({ ...task, status: "Delivered" }, { status: "Failed", message, warnings: [] });
    }
  }
  return commands;
}

export function registerAgentTaskRoutes(app: FastifyInstance, engine: EngineContext): void {
  const P = AGENT_API_PREFIX;

  app.post(
    `${P}/poll`,
    agentRoute(engine, async (connector, req, reply) => {
      const { waitSecs, heldTaskIds } = parsePart(PollRequestSchema, req.body, "body");
      if (heldTaskIds) await reconcileHeldTasks(engine, connector.id, connector.hostName, heldTaskIds);
      const deadline = Date.now() + waitSecs * 1000;
      const closed = new AbortController();
      // The response's "close", not the request's: an IncomingMessage closes once its body is read,
      // so only the response tells that the agent hung up (then the poll must not go on claiming
      // commands for it or keeping it "alive").
      reply.raw.once("close", () => closed.abort());
      for (;;) {
        // A poll is a sign of life: tasks of a polling agent are not stale.
        // The connector deleted while this poll waited (DeleteDataSourceConnector): 410, as for any
        // later call with the dead token — never the 500 of an update of a missing row.
        const alive = await engine.db.connector.updateMany({ where: { id: connector.id }, data: { lastHeartbeatAt: new Date() } });
        if (alive.count === 0) return gone(reply);
        const commands = await pendingCommands(engine, connector, requestOrigin(req));
        if (commands.length > 0 || Date.now() >= deadline || closed.signal.aborted) return reply.send({ commands });
        await engine.notifier.wait(connector.id, Math.min(1000, Math.max(0, deadline - Date.now())), closed.signal);
      }
    }),
  );

  app.post<TaskParams>(
    `${P}/tasks/:taskId/progress`,
    agentRoute<TaskParams>(engine, async (connector, req, reply) => {
      const task = await taskOf(engine, connector, req.params.taskId);
      ensureLive(task);
      const progress = parsePart(TaskProgressSchema, req.body, "body");
      await engine.events.onProgress(task, progress);
      return reply.code(204).send();
    }),
  );

  app.post<TaskParams>(
    `${P}/tasks/:taskId/result`,
    agentRoute<TaskParams>(engine, async (connector, req, reply) => {
      const task = await taskOf(engine, connector, req.params.taskId);
      const reported = parsePart(TaskResultSchema, req.body, "body");
      if (TERMINAL.includes(task.status) && task.type === "backup" && task.repositoryId) {
        // A backup that finished after the engine gave it up (e.g. across an engine restart): its
        // snapshot, if real, is adopted from the repository by a reconcile.
        await engine.queue.enqueueRepositoryJob({ action: "reconcile", repositoryId: task.repositoryId });
      }
      ensureLive(task);
      if (task.repositoryId && reported.status === "Failed" && missingRepositoryData(reported.message)) {
        await requestRepair(engine, task.repositoryId, reported.message ?? "");
      }
      const result = await verifyBackupResult(engine, task, reported);
      await engine.events.onResult(task, result);
      return reply.code(204).send();
    }),
  );

  // Streamed uploads: the body stays a stream (no parsing, no body limit), consumed by the handler.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    for (const what of ["index", "content"] as const) {
      scope.put<TaskParams>(
        `${P}/tasks/:taskId/${what}`,
        { bodyLimit: Number.MAX_SAFE_INTEGER },
        agentRoute<TaskParams>(engine, async (connector, req, reply) => {
          const task = await taskOf(engine, connector, req.params.taskId);
          ensureLive(task);
          if (task.type !== what) throw invalid(`task ${task.id} is a ${task.type} task, not ${what}`);
          await (what === "index" ? engine.events.onIndexUpload(task, req.raw) : engine.events.onContentUpload(task, req.raw));
          return reply.code(204).send();
        }),
      );
    }
  });
}
