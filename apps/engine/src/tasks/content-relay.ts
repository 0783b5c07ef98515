// Several engine processes: a single-file download (DownloadIndexedFile) waits in the engine
// process that holds the client's request, but the agent uploads the bytes to whichever engine it
// dials. The waiting process writes its own URL on the task (DataTask.waiterUrl); a process that
// receives the upload without a waiter for it relays the stream there over HTTP, authenticated by
// a token sealed with the engines' shared secret key (every engine on a database must share it
// anyway to open the stored repository credentials). Nothing is buffered: the agent's upload is
// piped through.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import { EngineError, invalid } from "../errors.ts";
import type { DataTask } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";

export const RELAY_PATH = "/lifeboat/v1/internal/content";
const RELAY_HEADER = "x-lifeboat-relay";

export function listenUrl(app: FastifyInstance): string | undefined {
  const address = app.server.address() as AddressInfo | string | null;
  if (!address || typeof address === "string") return undefined;
  const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.address;
  return `http://${address.family === "IPv6" && host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

const relayToken = (engine: EngineContext, taskId: bigint) => engine.secrets.seal(`content-relay:${taskId}`);

/** Pipes an agent's content upload to the engine process waiting for it. */
export async function relayContent(engine: EngineContext, task: DataTask, body: Readable): Promise<void> {
  const target = new URL(`${RELAY_PATH}/${task.id}`, task.waiterUrl!);
  const request = (target.protocol === "https:" ? https : http).request(target, {
    method: "PUT",
    headers: { "content-type": "application/octet-stream", [RELAY_HEADER]: relayToken(engine, task.id) },
  });
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  // When the pipe fails first, its error is the one thrown; the request's own must not go unhandled.
  answered.catch(() => undefined);
  await pipeline(body, request);
  const res = await answered;
  res.resume();
  if (res.statusCode !== 204) throw new EngineError("ServiceUnavailable", `the engine waiting for task ${task.id} refused its content (HTTP ${res.statusCode})`);
}

/** The receiving end of relayContent: hands the stream to this process's waiting download. */
export function registerContentRelayRoute(app: FastifyInstance, engine: EngineContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    scope.put<{ Params: { taskId: string } }>(`${RELAY_PATH}/:taskId`, { bodyLimit: Number.MAX_SAFE_INTEGER }, async (req, reply) => {
      if (!/^\d{1,18}$/.test(req.params.taskId)) throw invalid("task id is not a number");
      const id = BigInt(req.params.taskId);
      let opened = "";
      try {
        opened = engine.secrets.open(String(req.headers[RELAY_HEADER] ?? ""));
      } catch {
        // not sealed with this engine's key
      }
      if (opened !== `content-relay:${id}`) throw new EngineError("Unauthorized", "content relay: missing or invalid relay token");
      if (!engine.events.hasWaiter(id)) throw new EngineError("Conflict", `no download is waiting for task ${id} in this engine process`);
      const task = await engine.db.dataTask.findUniqueOrThrow({ where: { id } });
      await engine.events.onContentUpload(task, req.raw);
      return reply.code(204).send();
    });
  });
}
