// The REST door: `/api/v1/*` requests run the procedures that have `meta({ openapi })`, with the
// context of the request's API token (sessions are not accepted here: the REST door is for other
// apps, and cookie auth would invite CSRF). The web app's route and the tests call this one handler.
import { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { bearerApiToken, contextFromApiToken, type ApiTokenContextOptions } from "../auth/api-token.ts";
import type { Db } from "../db.ts";
import { logInternalError } from "../errors.ts";
import { rateLimitResponseMeta } from "../rate-limit/api-rate-limiter.ts";
import { appRouter } from "../root.ts";
import { REST_BASE_PATH } from "./document.ts";

export interface RestHandlerDeps extends Omit<ApiTokenContextOptions, "clientIp"> {
  db: Db;
  /** The client IP of the request (the web app derives it from its proxy headers). */
  clientIp?: string | null;
}

function unauthorized(message: string): Response {
  return new Response(JSON.stringify({ code: "UNAUTHORIZED", message }), {
    status: 401,
    headers: { "content-type": "application/json", "WWW-Authenticate": 'Bearer realm="lifeboat"' },
  });
}

/** Decodes one path segment; a segment that would decode to a "/" (or is malformed) stays as sent. */
function decodeSegment(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.includes("/") ? segment : decoded;
  } catch {
    return segment;
  }
}

/**
 * Path parameters arrive percent-encoded when the client encodes them (a group id `1:1:7` as
 * `1%3A1%3A7`), and trpc-to-openapi passes them on as sent: decode the path once here.
 */
async function withDecodedPath(req: Request): Promise<Request> {
  const url = new URL(req.url);
  if (!url.pathname.includes("%")) return req;
  url.pathname = url.pathname.split("/").map(decodeSegment).join("/");
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers: req.headers, signal: req.signal, ...(hasBody ? { body: await req.arrayBuffer() } : {}) });
}

export async function handleRestRequest(req: Request, deps: RestHandlerDeps): Promise<Response> {
  const authorization = req.headers.get("authorization");
  if (!bearerApiToken(authorization)) return unauthorized("Send an API token: Authorization: Bearer lbt_…");
  const { db, clientIp = null, ...rest } = deps;
  return createOpenApiFetchHandler({
    endpoint: REST_BASE_PATH,
    req: await withDecodedPath(req),
    router: appRouter,
    createContext: () => contextFromApiToken(db, authorization!, { ...rest, clientIp }),
    responseMeta: rateLimitResponseMeta,
    // Bugs inside procedures are logged where they are mapped (trpc.ts); this catches the rest
    // (context creation, the adapter itself) once.
    onError({ error, path, type }) {
      logInternalError(rest.log, { error, path, type });
    },
  }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return unauthorized(error.message);
    throw error;
  });
}
