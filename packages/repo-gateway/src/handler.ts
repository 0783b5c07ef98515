// One request of restic's REST backend protocol (v1 and v2) against one repository's storage,
// after the caller has authenticated it and chosen the repository and the access level. Bodies
// stream from the request to the storage and from the storage to the response: nothing is held
// whole. Every outcome is an HTTP status with a message; a failure of the storage itself is the
// only 5xx.
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { authorize, type AccessLevel, type Method } from "./access.ts";
import { describeRef, MAX_BODY_BYTES, parseRestPath, PathError, type FileRef, type RestTarget } from "./object-path.ts";
import { parseRangeHeader, RangeHeaderError } from "./range.ts";
import { BadBodyError, NotFoundError, ObjectExistsError, RangeNotSatisfiableError, type ObjectStorage } from "./storage.ts";

export const MIME_V1 = "application/vnd.x.restic.rest.v1";
export const MIME_V2 = "application/vnd.x.restic.rest.v2";

export interface GatewayHooks {
  /** Before an object is removed (the only removable ones are locks): throw a GatewayError to refuse. */
  beforeRemove?(ref: FileRef): Promise<void>;
  /** After a new object was stored. */
  afterCreate?(ref: FileRef, size: number): Promise<void>;
}

export interface GatewayLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface GatewayRequest {
  storage: ObjectStorage;
  access: AccessLevel;
  /** The request path below the repository's URL (`/data/…`), without the query. */
  path: string;
  hooks?: GatewayHooks;
  log?: GatewayLog;
}

/** A refusal with its status, for hooks and callers (authentication happens before this module). */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ERROR_CODES: Record<number, string> = {
  400: "InvalidRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  413: "PayloadTooLarge",
  416: "RangeNotSatisfiable",
  500: "InternalError",
  503: "StorageUnavailable",
};

/** Sends a JSON error unless the response has started; closes the connection when the body was not read. */
export function sendError(res: ServerResponse, status: number, message: string, opts: { close?: boolean } = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ errorCode: ERROR_CODES[status] ?? "Error", message });
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...(opts.close ? { connection: "close" } : {}),
  });
  res.end(body);
}

const METHODS = new Set<string>(["GET", "HEAD", "POST", "DELETE"]);

export async function serveRestRequest(req: IncomingMessage, res: ServerResponse, g: GatewayRequest): Promise<void> {
  const method = req.method ?? "GET";
  // A refused POST leaves its body unread: the connection cannot be reused for the next request.
  const close = method === "POST";
  let target: RestTarget;
  try {
    if (!METHODS.has(method)) throw new GatewayError(405, `${method} is not part of the REST backend protocol`);
    target = parseRestPath(g.path);
    const refusal = authorize(g.access, method as Method, target);
    if (refusal) throw new GatewayError(refusal.status, refusal.message);
  } catch (err) {
    return fail(res, err, g, close);
  }
  try {
    switch (target.kind) {
      case "list":
        return await list(req, res, g, target.type);
      case "config":
      case "object": {
        const ref: FileRef = target.kind === "config" ? { type: "config" } : { type: target.type, name: target.name };
        if (method === "HEAD") return await head(res, g, ref);
        if (method === "GET") return await get(req, res, g, ref);
        if (method === "POST") return await post(req, res, g, ref);
        return await remove(res, g, ref);
      }
      default:
        throw new GatewayError(405, `${method} is not defined here`);
    }
  } catch (err) {
    return fail(res, err, g, close);
  }
}

function fail(res: ServerResponse, err: unknown, g: GatewayRequest, close: boolean): void {
  if (err instanceof GatewayError || err instanceof PathError) return sendError(res, err.status, err.message, { close });
  if (err instanceof NotFoundError) return sendError(res, 404, err.message, { close });
  if (err instanceof ObjectExistsError) return sendError(res, 403, err.message, { close });
  if (err instanceof BadBodyError) return sendError(res, err.status, err.message, { close: true });
  if (err instanceof RangeHeaderError) return sendError(res, 400, err.message, { close });
  if (err instanceof RangeNotSatisfiableError) {
    if (!res.headersSent) res.setHeader("content-range", `bytes */${err.size}`);
    return sendError(res, 416, err.message, { close });
  }
  if (isClientGone(err)) {
    res.destroy();
    return;
  }
  g.log?.error({ err, storage: g.storage.description }, "repository gateway: storage operation failed");
  sendError(res, 503, `the repository storage failed: ${(err as Error).message ?? String(err)}`, { close: true });
}

function isClientGone(err: unknown): boolean {
  const c = (err as NodeJS.ErrnoException | undefined)?.code;
  return c === "ERR_STREAM_PREMATURE_CLOSE" || c === "ECONNRESET" || c === "EPIPE" || c === "ERR_STREAM_DESTROYED";
}

async function head(res: ServerResponse, g: GatewayRequest, ref: FileRef) {
  const info = await g.storage.stat(ref);
  if (!info) throw new NotFoundError(describeRef(ref));
  res.writeHead(200, { "content-length": info.size, "content-type": "application/octet-stream" });
  res.end();
}

async function get(req: IncomingMessage, res: ServerResponse, g: GatewayRequest, ref: FileRef) {
  const range = await parseRangeHeader(req.headers.range, async () => {
    const info = await g.storage.stat(ref);
    if (!info) throw new NotFoundError(describeRef(ref));
    return info.size;
  });
  const { body, size, range: bounds } = await g.storage.read(ref, range);
  const headers: Record<string, string | number> = { "content-type": "application/octet-stream", "accept-ranges": "bytes" };
  if (bounds) {
    headers["content-range"] = `bytes ${bounds.start}-${bounds.end}/${size}`;
    headers["content-length"] = bounds.end - bounds.start + 1;
    res.writeHead(206, headers);
  } else {
    headers["content-length"] = size;
    res.writeHead(200, headers);
  }
  await pipeline(body, res);
}

async function post(req: IncomingMessage, res: ServerResponse, g: GatewayRequest, ref: FileRef) {
  const max = MAX_BODY_BYTES[ref.type];
  const announced = req.headers["content-length"];
  let size: number | undefined;
  if (announced !== undefined) {
    if (!/^\d{1,16}$/.test(announced)) throw new GatewayError(400, "Content-Length must be a number of bytes");
    size = Number(announced);
    if (size > max) throw new GatewayError(413, `${describeRef(ref)} may be at most ${max} bytes; this one announces ${size}`);
  }
  await g.storage.create(ref, req, { size, maxBytes: max, ...(ref.type === "config" ? {} : { sha256: ref.name }) });
  await g.hooks?.afterCreate?.(ref, size ?? 0);
  res.writeHead(200, { "content-length": 0 });
  res.end();
}

async function remove(res: ServerResponse, g: GatewayRequest, ref: FileRef) {
  await g.hooks?.beforeRemove?.(ref);
  if (!(await g.storage.remove(ref))) throw new NotFoundError(describeRef(ref));
  res.writeHead(200, { "content-length": 0 });
  res.end();
}

async function list(req: IncomingMessage, res: ServerResponse, g: GatewayRequest, type: Parameters<ObjectStorage["list"]>[0]) {
  const v2 = req.headers.accept === MIME_V2;
  const items = g.storage.list(type)[Symbol.asyncIterator]();
  // Read the first entry before answering, so a failing storage still gets a proper status.
  let next = await items.next();
  res.writeHead(200, { "content-type": v2 ? MIME_V2 : MIME_V1 });
  // Streamed as it is read: a data/ folder of a large repository has hundreds of thousands of packs.
  let first = true;
  const write = (s: string) =>
    res.write(s)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          // "close" too: a client that hangs up must not leave this listing waiting forever.
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.once("drain", done);
          res.once("close", done);
        });
  await write("[");
  try {
    while (!next.done) {
      if (res.destroyed) return;
      const item = next.value;
      await write(`${first ? "" : ","}${v2 ? JSON.stringify({ name: item.name, size: item.size }) : JSON.stringify(item.name)}`);
      first = false;
      next = await items.next();
    }
  } catch (err) {
    // Half a listing must not look like a whole one: break the response.
    g.log?.error({ err, storage: g.storage.description }, "repository gateway: listing failed");
    res.destroy();
    return;
  }
  res.end("]");
}
