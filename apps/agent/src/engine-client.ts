// HTTP client of the engine's agent protocol (packages/agent-protocol). Every failure becomes an
// EngineError whose `kind` tells the loop what to do: retry (unavailable), re-register
// (unauthorized), stop (gone), or log and retry slowly (rejected / protocol).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { z } from "zod";
import {
  AGENT_API_PREFIX,
  CommandResultSchema,
  HeartbeatResponseSchema,
  PollResponseSchema,
  TaskProgressSchema,
  TaskResultSchema,
  RegisterResponseSchema,
  type CommandResult,
  type HeartbeatRequest,
  type PollRequest,
  type RegisterRequest,
  type RegisterResponse,
  type TaskProgress,
  type TaskResult,
} from "@lifeboat/agent-protocol";
import { AGENT_VERSION } from "./version.ts";

/**
 * Commands are parsed one by one by the caller, not here: a command type this agent version does
 * not know (added to the protocol later) must fail that command, not every heartbeat.
 */
const LenientHeartbeatResponseSchema = HeartbeatResponseSchema.extend({ commands: z.array(z.unknown()).max(1000) });
export type LenientHeartbeatResponse = z.infer<typeof LenientHeartbeatResponseSchema>;
const LenientPollResponseSchema = PollResponseSchema.extend({ commands: z.array(z.unknown()).max(1000) });

/** `conflict` (409): the engine gave the task up (e.g. it failed the run after a restart). */
export type EngineErrorKind = "unavailable" | "unauthorized" | "gone" | "rejected" | "protocol" | "conflict";

export class EngineError extends Error {
  override name = "EngineError";
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface EngineClientOptions {
  engineUrl: string;
  /** Aborts every in-flight request when the agent shuts down. */
  signal?: AbortSignal;
  requestTimeoutMs?: number;
  downloadTimeoutMs?: number;
}

/**
 * Sends a byte stream with real back-pressure: the socket's drain paces the producer (restic
 * blocks on a full pipe). Node 20's fetch reads a request body as fast as it is produced whatever
 * the socket does — uploading 512 MiB to a slower reader peaked at 605 MiB RSS through fetch and at
 * 72 MiB through node:http — so a 1 GiB download made the agent hold the whole file.
 */
function streamRequest(url: string, method: string, headers: Record<string, string>, body: Readable, signal?: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = (target.protocol === "https:" ? https : http).request(target, { method, headers, ...(signal ? { signal } : {}) });
    req.once("response", (res) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const status = res.statusCode ?? 502;
      // A refusal ends the upload: stop the producer now rather than when the socket notices.
      if (status >= 300 && !body.destroyed) body.destroy();
      const noBody = status === 204 || status === 205 || status === 304;
      if (noBody) res.resume();
      resolve(new Response(noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream), { status, headers: responseHeaders }));
    });
    req.once("error", reject);
    // An early answer (e.g. 409) closes the socket under the body: the response above wins, and the
    // failed pipe destroys the body, which stops its producer.
    pipeline(body, req).catch(reject);
  });
}

export function createEngineClient(opts: EngineClientOptions) {
  const base = `${opts.engineUrl}${AGENT_API_PREFIX}`;
  const userAgent = `lifeboat-agent/${AGENT_VERSION} (node ${process.versions.node})`;

  async function send(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; timeoutMs?: number; stream?: { body: Readable; contentType: string }; signal?: AbortSignal },
  ) {
    const signals: AbortSignal[] = [];
    if (init.timeoutMs !== undefined) signals.push(AbortSignal.timeout(init.timeoutMs));
    if (opts.signal) signals.push(opts.signal);
    if (init.signal) signals.push(init.signal);
    const headers: Record<string, string> = { "user-agent": userAgent, accept: "application/json" };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.stream) headers["content-type"] = init.stream.contentType;
    let res: Response;
    try {
      const signal = signals.length ? AbortSignal.any(signals) : undefined;
      res = init.stream
        ? await streamRequest(`${base}${path}`, method, headers, init.stream.body, signal)
        : await fetch(`${base}${path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === "TimeoutError" ? "timed out" : (cause?.code ?? cause?.message ?? (error as Error).message);
      // A streamed body that failed on our side (restic died) is that failure, not a network one.
      if (init.stream?.body.errored) throw init.stream.body.errored;
      throw new EngineError("unavailable", `${method} ${path} failed: ${reason}`);
    }
    if (res.ok) return res;
    // The body is read only for a short reason; it never contains our tokens (we never echo them).
    const text = (await res.text().catch(() => "")).slice(0, 300);
    let reason = text;
    try {
      const json = JSON.parse(text) as { message?: unknown };
      if (typeof json.message === "string") reason = json.message;
    } catch {
      // plain-text body
    }
    const what = `${method} ${path} → HTTP ${res.status}${reason ? `: ${reason}` : ""}`;
    if (res.status === 409) throw new EngineError("conflict", what, 409);
    if (res.status === 410) throw new EngineError("gone", reason || "agent removed", 410);
    if (res.status === 401 || res.status === 403) throw new EngineError("unauthorized", what, res.status);
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new EngineError("unavailable", what, res.status);
    throw new EngineError("rejected", what, res.status);
  }

  async function json<S extends z.ZodType>(res: Response, schema: S, what: string): Promise<z.infer<S>> {
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join(".") || "(body)").join(", ");
      throw new EngineError("protocol", `${what}: unexpected response from the engine (fields: ${fields})`);
    }
    return parsed.data;
  }

  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  return {
    async register(body: RegisterRequest): Promise<RegisterResponse> {
      const res = await send("POST", "/register", { body, timeoutMs });
      return json(res, RegisterResponseSchema, "register");
    },
    async heartbeat(token: string, body: HeartbeatRequest): Promise<LenientHeartbeatResponse> {
      const res = await send("POST", "/heartbeat", { token, body, timeoutMs });
      return json(res, LenientHeartbeatResponseSchema, "heartbeat");
    },
    async reportResult(token: string, commandId: string, result: CommandResult): Promise<void> {
      const body = CommandResultSchema.parse(result);
      const res = await send("POST", `/commands/${encodeURIComponent(commandId)}/result`, { token, body, timeoutMs });
      await res.body?.cancel();
    },
    /** Long poll: resolves with the commands queued for this agent, or none after `waitSecs`. */
    async poll(token: string, waitSecs: number, signal?: AbortSignal, heldTaskIds?: string[]): Promise<unknown[]> {
      const body: PollRequest = { waitSecs, ...(heldTaskIds ? { heldTaskIds } : {}) };
      const res = await send("POST", "/poll", { token, body, timeoutMs: (waitSecs + 15) * 1000, signal });
      return (await json(res, LenientPollResponseSchema, "poll")).commands;
    },
    async taskProgress(token: string, taskId: string, progress: TaskProgress): Promise<void> {
      const body = TaskProgressSchema.parse(progress);
      const res = await send("POST", `/tasks/${encodeURIComponent(taskId)}/progress`, { token, body, timeoutMs });
      await res.body?.cancel();
    },
    async taskResult(token: string, taskId: string, result: TaskResult, signal?: AbortSignal): Promise<void> {
      const body = TaskResultSchema.parse(result);
      const res = await send("POST", `/tasks/${encodeURIComponent(taskId)}/result`, { token, body, timeoutMs, signal });
      await res.body?.cancel();
    },
    /**
     * PUTs a byte stream (an index as NDJSON, or file content) to `/tasks/{taskId}/{what}`. No
     * overall timeout: a large download may take hours; `signal` cancels it.
     */
    async uploadTaskStream(token: string, taskId: string, what: "index" | "content", body: Readable, contentType: string, signal?: AbortSignal) {
      const res = await send("PUT", `/tasks/${encodeURIComponent(taskId)}/${what}`, { token, stream: { body, contentType }, signal });
      await res.body?.cancel();
    },
    /**
     * Streams `packagePath` (relative to the protocol prefix) into `destFile`, hashing as it goes.
     * Refuses bodies larger than `maxBytes`.
     */
    async download(token: string, packagePath: string, destFile: string, maxBytes: number) {
      const rel = packagePath.startsWith(AGENT_API_PREFIX) ? packagePath.slice(AGENT_API_PREFIX.length) : packagePath;
      const res = await send("GET", rel.startsWith("/") ? rel : `/${rel}`, { token, timeoutMs: opts.downloadTimeoutMs ?? 10 * 60_000 });
      if (!res.body) throw new EngineError("protocol", `GET ${packagePath}: empty body`);
      const hash = createHash("sha256");
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes) return done(new Error(`package exceeds ${maxBytes} bytes`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), meter, createWriteStream(destFile, { mode: 0o600 }));
      return { sha256: hash.digest("hex"), bytes };
    },
  };
}

export type EngineClient = ReturnType<typeof createEngineClient>;
