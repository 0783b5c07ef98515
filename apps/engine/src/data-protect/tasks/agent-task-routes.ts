// Engine side of the data-task protocol (packages/agent-protocol): the long poll, task progress,
// task results and the two streamed uploads (index NDJSON, content bytes).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AGENT_API_PREFIX, PollRequestSchema, TaskProgressSchema, TaskResultSchema, type AgentCommand } from "@lifeboat/agent-protocol";
import { formatZodIssues } from "@lifeboat/contracts";
import type { z } from "zod";
import { sha256Hex } from "../../auth/tokens.ts";
import { EngineError, invalid } from "../../errors.ts";
import type { Connector, DataTask } from "../../generated/prisma/client.ts";
import type { DataProtect } from "../context.ts";
import { commandFor, TERMINAL } from "./dispatch.ts";
import type { TaskEvents } from "./task-events.ts";

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(formatZodIssues(r.error, "body"));
  return r.data;
}

const gone = (reply: FastifyReply) =>
  reply.code(410).send({ errorCode: "AgentRemoved", message: "this agent's connector was deleted; uninstall or re-register the agent" });

async function agentOf(dp: DataProtect, req: FastifyRequest): Promise<Connector | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!m) throw new EngineError("Unauthorized", "missing agent token: send 'Authorization: Bearer <agentToken>'");
  return dp.db.connector.findUnique({ where: { agentTokenHash: sha256Hex(m[1]!) } });
}

async function taskOf(dp: DataProtect, connector: Connector, id: string): Promise<DataTask> {
  if (!/^\d{1,18}$/.test(id)) throw invalid(`task id ${JSON.stringify(id.slice(0, 40))} is not a number`);
  const task = await dp.db.dataTask.findFirst({ where: { id: BigInt(id), connectorId: connector.id } });
  if (!task) throw new EngineError("NotFound", `task ${id} was not found for this agent`);
  return task;
}

/** §protocol: the engine answers 409 when it already gave a task up; the agent drops its report. */
function ensureLive(task: DataTask) {
  if (TERMINAL.includes(task.status)) throw new EngineError("Conflict", `task ${task.id} already ended (${task.status}): ${task.message ?? ""}`.trim());
}

async function pendingCommands(dp: DataProtect, connector: Connector): Promise<AgentCommand[]> {
  const commands: AgentCommand[] = [];
  const controls = await dp.db.agentCommand.findMany({ where: { connectorId: connector.id, status: "Pending" }, orderBy: { id: "asc" }, take: 20 });
  if (controls.length > 0) {
    await dp.db.agentCommand.updateMany({ where: { id: { in: controls.map((c) => c.id) } }, data: { status: "Delivered", deliveredAt: new Date() } });
    for (const c of controls) commands.push({ ...(c.payload as object), id: c.id.toString(), type: c.type } as AgentCommand);
  }
  const tasks = await dp.db.dataTask.findMany({ where: { connectorId: connector.id, status: "Pending" }, orderBy: { id: "asc" }, take: 20 });
  for (const task of tasks) {
    // Claim first: of two polls racing for the same task only one delivers it.
    const claimed = await dp.db.dataTask.updateMany({
      where: { id: task.id, status: "Pending" },
      data: { status: "Delivered", deliveredAt: new Date(), lastReportAt: new Date() },
    });
    if (claimed.count === 1) commands.push(await commandFor(dp, task));
  }
  return commands;
}

export function registerAgentTaskRoutes(app: FastifyInstance, dp: DataProtect, events: TaskEvents): void {
  const P = AGENT_API_PREFIX;

  app.post(`${P}/poll`, async (req, reply) => {
    const connector = await agentOf(dp, req);
    if (!connector) return gone(reply);
    const { waitSecs } = parse(PollRequestSchema, req.body);
    const deadline = Date.now() + waitSecs * 1000;
    const closed = new AbortController();
    // The response's "close", not the request's: an IncomingMessage closes once its body is read,
    // so only the response tells that the agent hung up (then the poll must not go on claiming
    // commands for it or keeping it "alive").
    reply.raw.once("close", () => closed.abort());
    for (;;) {
      // A poll is a sign of life: tasks of a polling agent are not stale.
      await dp.db.connector.update({ where: { id: connector.id }, data: { lastHeartbeatAt: new Date() } });
      const commands = await pendingCommands(dp, connector);
      if (commands.length > 0 || Date.now() >= deadline || closed.signal.aborted) return reply.send({ commands });
      await dp.notifier.wait(connector.id, Math.min(1000, Math.max(0, deadline - Date.now())), closed.signal);
    }
  });

  app.post<{ Params: { taskId: string } }>(`${P}/tasks/:taskId/progress`, async (req, reply) => {
    const connector = await agentOf(dp, req);
    if (!connector) return gone(reply);
    const task = await taskOf(dp, connector, req.params.taskId);
    ensureLive(task);
    const progress = parse(TaskProgressSchema, req.body);
    await events.onProgress(task, progress);
    return reply.code(204).send();
  });

  app.post<{ Params: { taskId: string } }>(`${P}/tasks/:taskId/result`, async (req, reply) => {
    const connector = await agentOf(dp, req);
    if (!connector) return gone(reply);
    const task = await taskOf(dp, connector, req.params.taskId);
    ensureLive(task);
    const result = parse(TaskResultSchema, req.body);
    await events.onResult(task, result);
    return reply.code(204).send();
  });

  // Streamed uploads: the body stays a stream (no parsing, no body limit), consumed by the handler.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    for (const what of ["index", "content"] as const) {
      scope.put<{ Params: { taskId: string } }>(`${P}/tasks/:taskId/${what}`, { bodyLimit: Number.MAX_SAFE_INTEGER }, async (req, reply) => {
        const connector = await agentOf(dp, req);
        if (!connector) return gone(reply);
        const task = await taskOf(dp, connector, req.params.taskId);
        ensureLive(task);
        if (task.type !== what) throw invalid(`task ${task.id} is a ${task.type} task, not ${what}`);
        await (what === "index" ? events.onIndexUpload(task, req.raw) : events.onContentUpload(task, req.raw));
        return reply.code(204).send();
      });
    }
  });
}
