// One HTTP exchange per operation-table entry: input checked against the entry's request schemas,
// URL and headers built, a slot of the client's concurrency limit taken per attempt, a deadline
// covering all attempts, retries for idempotent operations only, errors turned into UpstreamError
// and the response parsed with its contract at the edge.
import { formatZodIssues, zodFieldErrors, type OperationDef } from "@lifeboat/contracts";
import pLimit from "p-limit";
import type { z } from "zod";
import { createAuthProvider, type UpstreamAuth } from "./auth.ts";
import { errorFromResponse, requestIdFrom, UpstreamError } from "./errors.ts";
import { backoffDelay, isRetryable, resolveRetry, sleep, type RetryOptions } from "./retry.ts";
import type { CallOptions, RawInput } from "./types.ts";
import { encodeQuery, fillPath, hostRoot, normalizeServiceUrl } from "./url.ts";

export const USER_AGENT = `lifeboat-upstream/0.1.0 (node ${process.version})`;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONCURRENCY = 8;

export interface UpstreamClientConfig {
  /** Service URL ending in /v2 (reference §0.1, §Q 2). */
  serviceUrl: string;
  /** X-IBM-Tenant-Id, e.g. `iqhch7lbr4/` (reference §Q 1). */
  tenantId: string;
  auth: UpstreamAuth;
  /** Used for every API call (not for the IAM exchange, which the IBM SDK performs itself). */
  fetch?: typeof fetch;
  /** Deadline per call, all retries included (default 30 s). */
  timeoutMs?: number;
  /** Retry policy for idempotent operations; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Requests in flight at once through this client (default 8). */
  maxConcurrency?: number;
  /** Bytes per ranged download request (default and maximum 8 MiB, reference §Q 6). */
  downloadChunkBytes?: number;
  /** Source of randomness for backoff jitter (tests). */
  random?: () => number;
}

/** Marks our own deadline as the abort reason, to tell it from a caller's abort. */
class DeadlineExceeded extends Error {}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export interface Prepared {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

export interface Transport {
  readonly config: Readonly<UpstreamClientConfig>;
  /** json → parsed result, empty → undefined. */
  call(def: OperationDef, input: RawInput | undefined, options?: CallOptions): Promise<unknown>;
  /** The whole (bounded) body as bytes — one chunk of a ranged download. */
  fetchBytes(def: OperationDef, input: RawInput | undefined, options?: CallOptions): Promise<{ bytes: Uint8Array; headers: Headers }>;
  /** The body as a stream; the deadline covers the response headers only. */
  openStream(def: OperationDef, input: RawInput | undefined, options?: CallOptions): Promise<ReadableStream<Uint8Array>>;
}

function validatePart(def: OperationDef, part: keyof RawInput, value: unknown): unknown {
  const schema = def[part] as z.ZodType | undefined;
  if (!schema) {
    if (value !== undefined) {
      throw new UpstreamError({ status: 400, code: "InvalidRequest", message: `${def.name} takes no ${part}`, operation: def.name });
    }
    return undefined;
  }
  // Query and header objects may be left out when all their fields are optional.
  const candidate = value === undefined && (part === "query" || part === "headers") ? {} : value;
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    // Field paths as the engine writes them (contracts' field-errors.ts): path parameters are "path".
    const prefix = part === "pathParams" ? "path" : part;
    throw new UpstreamError({
      status: 400,
      code: "InvalidRequest",
      message: `${def.name}: invalid ${formatZodIssues(parsed.error, prefix)}`,
      operation: def.name,
      fieldErrors: zodFieldErrors(parsed.error, prefix),
    });
  }
  return parsed.data;
}

export function createTransport(config: UpstreamClientConfig): Transport {
  const baseUrl = normalizeServiceUrl(config.serviceUrl);
  // §Q 26: the three /irisservices/api/v1 operations resolve against the host, not under /v2.
  const hostRootUrl = hostRoot(baseUrl);
  if (typeof config.tenantId !== "string" || config.tenantId.trim() === "") {
    throw new TypeError("tenantId is required (the X-IBM-Tenant-Id of the service instance, e.g. \"iqhch7lbr4/\")");
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TypeError("timeoutMs must be a positive number of milliseconds");
  const maxConcurrency = config.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new TypeError("maxConcurrency must be a positive integer");
  const retry = resolveRetry(config.retry);
  const auth = createAuthProvider(config.auth);
  const fetchImpl = config.fetch ?? globalThis.fetch;
  const limit = pLimit(maxConcurrency);
  const random = config.random ?? Math.random;

  function prepare(def: OperationDef, input: RawInput | undefined): Prepared {
    const pathParams = validatePart(def, "pathParams", input?.pathParams) as Record<string, unknown> | undefined;
    const query = validatePart(def, "query", input?.query) as Record<string, unknown> | undefined;
    const extraHeaders = validatePart(def, "headers", input?.headers) as Record<string, unknown> | undefined;
    const body = validatePart(def, "body", input?.body);
    const headers: Record<string, string> = {
      "X-IBM-Tenant-Id": config.tenantId,
      Accept: def.responseKind === "binary" ? "application/octet-stream, */*" : "application/json",
      "User-Agent": USER_AGENT,
    };
    for (const [name, value] of Object.entries(extraHeaders ?? {})) {
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
    const init: Prepared["init"] = { method: def.method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let path: string;
    try {
      path = fillPath(def.path, pathParams);
    } catch (error) {
      throw new UpstreamError({ status: 400, code: "InvalidRequest", message: `${def.name}: ${(error as Error).message}`, operation: def.name });
    }
    return { url: `${def.root === "host" ? hostRootUrl : baseUrl}${path}${encodeQuery(query)}`, init };
  }

  function toUpstreamError(error: unknown, def: OperationDef, signal: AbortSignal, budgetMs: number): unknown {
    if (error instanceof UpstreamError) return error;
    if (signal.aborted) {
      if (signal.reason instanceof DeadlineExceeded) {
        return new UpstreamError({ status: 504, code: "Timeout", message: `${def.name} timed out after ${budgetMs} ms`, operation: def.name });
      }
      return new UpstreamError({ status: 499, code: "Aborted", message: `${def.name} was cancelled`, operation: def.name, cause: signal.reason });
    }
    if (error instanceof TypeError) {
      // undici reports refused/reset connections as TypeError("fetch failed") with the cause inside.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? error.message;
      return new UpstreamError({ status: 503, code: "NetworkError", message: `${def.name}: network error (${detail})`, operation: def.name, cause: error });
    }
    return error;
  }

  async function execute<T>(
    def: OperationDef,
    input: RawInput | undefined,
    options: CallOptions | undefined,
    consume: (response: Response) => Promise<T>,
  ): Promise<T> {
    const prepared = prepare(def, input);
    const budgetMs = options?.timeoutMs ?? timeoutMs;
    const deadline = Date.now() + budgetMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), budgetMs);
    const onCallerAbort = () => controller.abort(options?.signal?.reason);
    if (options?.signal?.aborted) onCallerAbort();
    options?.signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await limit(async () => {
            controller.signal.throwIfAborted();
            // The IBM SDK's token request cannot take our signal; race it so the deadline holds.
            const authorization = await untilAborted(auth.authorization(), controller.signal);
            const headers = authorization ? { ...prepared.init.headers, Authorization: authorization } : prepared.init.headers;
            const response = await fetchImpl(prepared.url, { ...prepared.init, headers, signal: controller.signal });
            if (!response.ok) throw errorFromResponse(response, await response.text(), def.name);
            return await consume(response);
          });
        } catch (caught) {
          const error = toUpstreamError(caught, def, controller.signal, budgetMs);
          if (!(error instanceof UpstreamError) || !def.idempotent || !isRetryable(error) || attempt + 1 >= retry.maxAttempts) {
            throw error;
          }
          // Retry-After wins over our own backoff (the service knows its load); give up when it
          // asks for longer than we may wait or than the call's deadline leaves.
          const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : backoffDelay(attempt, retry, random);
          if (error.retryAfter !== undefined && wait > retry.maxRetryAfterMs) throw error;
          if (Date.now() + wait >= deadline) throw error;
          try {
            await sleep(wait, controller.signal);
          } catch (sleepError) {
            throw toUpstreamError(sleepError, def, controller.signal, budgetMs);
          }
        }
      }
    } finally {
      clearTimeout(timer);
      options?.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  async function parseJson(def: OperationDef, response: Response): Promise<unknown> {
    if (def.responseKind === "empty") {
      await response.body?.cancel();
      return undefined;
    }
    const text = await response.text();
    let data: unknown = undefined;
    if (text !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        // A bare token sent as text/plain rather than a JSON string (§Q 8) still reaches the
        // contract, which decides; anything else fails there with a clear message.
        data = text;
      }
    }
    if (!def.response) return data;
    const parsed = (def.response as z.ZodType).safeParse(data);
    if (!parsed.success) {
      throw new UpstreamError({
        status: 502,
        code: "InvalidResponse",
        message: `${def.name}: the response does not match its contract: ${formatZodIssues(parsed.error)}`,
        requestId: requestIdFrom(response.headers),
        operation: def.name,
      });
    }
    return parsed.data;
  }

  return {
    config,
    call: (def, input, options) => execute(def, input, options, (response) => parseJson(def, response)),
    fetchBytes: (def, input, options) =>
      execute(def, input, options, async (response) => ({
        bytes: new Uint8Array(await response.arrayBuffer()),
        headers: response.headers,
      })),
    openStream: (def, input, options) =>
      execute(def, input, options, (response) => {
        if (!response.body) return Promise.resolve(new ReadableStream<Uint8Array>({ start: (c) => c.close() }));
        return Promise.resolve(response.body as ReadableStream<Uint8Array>);
      }),
  };
}
