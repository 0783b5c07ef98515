// A small in-test implementation of the engine's side of the agent protocol: real HTTP on a
// free port, request bodies validated with the protocol's schemas, commands queued by the test.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import type { AddressInfo } from "node:net";
import {
  AGENT_API_PREFIX,
  CommandResultSchema,
  HeartbeatRequestSchema,
  IndexEntrySchema,
  PollRequestSchema,
  RegisterRequestSchema,
  TaskProgressSchema,
  TaskResultSchema,
  type AgentCommand,
  type CommandResult,
  type HeartbeatRequest,
  type IndexEntry,
  type RegisterRequest,
  type TaskProgress,
  type TaskResult,
} from "@lifeboat/agent-protocol";

export interface FakeEngineOptions {
  registrationToken?: string;
  heartbeatIntervalSecs?: number;
  /** Serve POST /poll (default true); false answers 404 like an engine without the long poll. */
  poll?: boolean;
}

export async function startFakeEngine(opts: FakeEngineOptions = {}) {
  const registrationToken = opts.registrationToken ?? `reg-${randomBytes(12).toString("hex")}`;
  const validTokens = new Set<string>();
  const registrations: RegisterRequest[] = [];
  const heartbeats: (HeartbeatRequest & { token: string })[] = [];
  const results = new Map<string, CommandResult>();
  const invalidRequests: string[] = [];
  const downloads: string[] = [];
  const queue: unknown[] = [];
  const packages = new Map<string, Buffer>();
  const behaviour = { gone: false, heartbeatStatus: 0 };
  // Data tasks: what the agent posted, per task id.
  const progress = new Map<string, (TaskProgress & { at: number })[]>();
  const taskResults = new Map<string, TaskResult>();
  const indexUploads = new Map<string, IndexEntry[]>();
  const contentFiles = new Map<string, string>();
  /** Tasks the engine "gave up": progress and result get 409. */
  const givenUp = new Set<string>();
  const contentDir = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-fake-engine-"));
  const waitingPolls = new Set<() => void>();
  const notifyPolls = () => {
    for (const wake of waitingPolls) wake();
  };

  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  /** PUT /tasks/{id}/index|content: read as a stream, the way the real engine must. */
  const streamUpload = async (req: http.IncomingMessage, res: http.ServerResponse, taskId: string, what: string) => {
    try {
      if (what === "index") {
        const entries: IndexEntry[] = [];
        indexUploads.set(taskId, entries);
        for await (const line of readline.createInterface({ input: req, crlfDelay: Infinity })) {
          if (line.trim() === "") continue;
          const parsed = IndexEntrySchema.safeParse(JSON.parse(line));
          if (!parsed.success) {
            invalidRequests.push(`index line: ${parsed.error.message}`);
            continue;
          }
          entries.push(parsed.data);
        }
      } else {
        const file = path.join(contentDir, `${encodeURIComponent(taskId)}.bin`);
        await pipeline(req, createWriteStream(file));
        contentFiles.set(taskId, file);
      }
      res.writeHead(204).end();
    } catch (error) {
      if (!res.headersSent) reply(res, 400, { message: (error as Error).message });
    }
  };

  const server = http.createServer((req, res) => {
    const upload = /^\/agent\/v1\/tasks\/([^/]+)\/(index|content)$/.exec(req.url ?? "");
    const uploadToken = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (req.method === "PUT" && upload) {
      if (!uploadToken || !validTokens.has(uploadToken)) return void reply(res, 401, { message: "invalid agent token" });
      if (givenUp.has(decodeURIComponent(upload[1]!))) return void reply(res, 409, { message: "task given up" });
      void streamUpload(req, res, decodeURIComponent(upload[1]!), upload[2]!);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!url.startsWith(AGENT_API_PREFIX)) return reply(res, 404, { message: "not found" });
      const route = url.slice(AGENT_API_PREFIX.length);
      if (behaviour.gone) return reply(res, 410, { errorCode: "AgentRemoved", message: "connector deleted" });
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
      } catch {
        return reply(res, 400, { message: "invalid JSON" });
      }
      if (req.method === "POST" && route === "/register") {
        const parsed = RegisterRequestSchema.safeParse(body);
        if (!parsed.success) {
          invalidRequests.push(`register: ${parsed.error.message}`);
          return reply(res, 400, { message: "invalid register body" });
        }
        if (parsed.data.registrationToken !== registrationToken) return reply(res, 401, { message: "invalid registration token" });
        registrations.push(parsed.data);
        const agentToken = `agt-${randomBytes(16).toString("hex")}`;
        validTokens.add(agentToken);
        return reply(res, 200, {
          connectorId: String(9007199254740993n + BigInt(registrations.length)),
          connectionId: "conn-1",
          agentToken,
          heartbeatIntervalSecs: opts.heartbeatIntervalSecs ?? 1,
        });
      }
      if (!token || !validTokens.has(token)) return reply(res, 401, { message: "invalid agent token" });
      if (req.method === "POST" && route === "/heartbeat") {
        const parsed = HeartbeatRequestSchema.safeParse(body);
        if (!parsed.success) {
          invalidRequests.push(`heartbeat: ${parsed.error.message}`);
          return reply(res, 400, { message: "invalid heartbeat body" });
        }
        heartbeats.push({ ...parsed.data, token });
        if (behaviour.heartbeatStatus) return reply(res, behaviour.heartbeatStatus, { message: "engine trouble" });
        return reply(res, 200, { commands: queue.splice(0), heartbeatIntervalSecs: opts.heartbeatIntervalSecs ?? 1 });
      }
      if (req.method === "POST" && route === "/poll" && opts.poll !== false) {
        const parsed = PollRequestSchema.safeParse(body);
        if (!parsed.success) return reply(res, 400, { message: "invalid poll body" });
        if (queue.length > 0) return reply(res, 200, { commands: queue.splice(0) });
        const finish = () => {
          clearTimeout(timer);
          waitingPolls.delete(finish);
          // A poll whose agent went away must not swallow commands.
          if (!res.writableEnded && !res.destroyed && !req.socket.destroyed) reply(res, 200, { commands: queue.splice(0) });
        };
        const timer = setTimeout(finish, parsed.data.waitSecs * 1000);
        waitingPolls.add(finish);
        res.on("close", () => {
          clearTimeout(timer);
          waitingPolls.delete(finish);
        });
        return;
      }
      const task = /^\/tasks\/([^/]+)\/(progress|result)$/.exec(route);
      if (req.method === "POST" && task) {
        const taskId = decodeURIComponent(task[1]!);
        if (givenUp.has(taskId)) return reply(res, 409, { message: "task given up" });
        if (task[2] === "progress") {
          const parsed = TaskProgressSchema.safeParse(body);
          if (!parsed.success) {
            invalidRequests.push(`progress: ${parsed.error.message}`);
            return reply(res, 400, { message: "invalid progress" });
          }
          progress.set(taskId, [...(progress.get(taskId) ?? []), { ...parsed.data, at: Date.now() }]);
        } else {
          const parsed = TaskResultSchema.safeParse(body);
          if (!parsed.success) {
            invalidRequests.push(`task result: ${parsed.error.message}`);
            return reply(res, 400, { message: "invalid task result" });
          }
          taskResults.set(taskId, parsed.data);
        }
        res.writeHead(204).end();
        return;
      }
      const result = /^\/commands\/([^/]+)\/result$/.exec(route);
      if (req.method === "POST" && result) {
        const parsed = CommandResultSchema.safeParse(body);
        if (!parsed.success) return reply(res, 400, { message: "invalid result" });
        results.set(decodeURIComponent(result[1]!), parsed.data);
        res.writeHead(204).end();
        return;
      }
      const pkg = packages.get(route);
      if (req.method === "GET" && pkg) {
        downloads.push(route);
        res.writeHead(200, { "content-type": "application/gzip" }).end(pkg);
        return;
      }
      reply(res, 404, { message: `no route ${req.method} ${route}` });
    });
  });

  const listen = (port = 0) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
  const port = await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registrationToken,
    registrations,
    heartbeats,
    results,
    invalidRequests,
    downloads,
    packages,
    behaviour,
    revokeAgentTokens: () => validTokens.clear(),
    queue: (cmd: AgentCommand | Record<string, unknown>) => {
      queue.push(cmd);
      notifyPolls();
    },
    /** Long polls held open right now. */
    pendingPolls: () => waitingPolls.size,
    progress,
    taskResults,
    indexUploads,
    contentFiles,
    givenUp,
    /** Stops accepting connections (the agent sees "connection refused"); `listen(port)` resumes. */
    pause: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    listen,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fs.rm(contentDir, { recursive: true, force: true });
    },
  };
}

export type FakeEngine = Awaited<ReturnType<typeof startFakeEngine>>;

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
