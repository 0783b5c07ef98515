// The download route's logic (apps/web/src/app/api/download/route.ts wires it): redeems a ticket
// signed by a BFF procedure (recovery.download, recovery.downloadFile, agent.download) and streams
// the upstream bytes straight through — nothing is buffered beyond one chunk (the upstream client
// reads ≤ 8 MiB ranges on demand, reference §Q 6). A closed `Range: bytes=N-M` is answered with 206
// (lib/byte-range.ts).
//
// Two kinds of caller present tickets: the browser (next-auth session cookie) and an app using the
// REST door, which got the ticket URL from /api/v1 and presents the same API token
// (`Authorization: Bearer lbt_…`). A ticket is honoured only for the user it was issued to; with a
// token also only in the token's workspace and within the token's role. No `server-only` import:
// the route test runs this module in Node against a real database.
import {
  bearerApiToken,
  contextFromApiToken,
  redeemDownloadTicket,
  toTRPCError,
  type ApiLog,
  type ApiTokenPrincipal,
  type UpstreamFor,
} from "@lifeboat/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { parseRange, sliceStream } from "../lib/byte-range.ts";

type Db = Parameters<typeof redeemDownloadTicket>[0]["db"];

export interface DownloadDeps {
  db: Db;
  upstreamFor: UpstreamFor;
  log: ApiLog;
  clientIp: string | null;
  /** The next-auth session's user id; read only when the request carries no API token. */
  sessionUserId: () => Promise<string | null>;
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function failure(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

/** Who presents the ticket: an API token's user (and the token), or the session's user. */
async function presenter(req: Request, deps: DownloadDeps): Promise<{ userId: string | null; apiToken: ApiTokenPrincipal | null }> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    // A request that sends credentials is judged by them, never by a cookie that rides along.
    if (!bearerApiToken(authorization)) throw new TRPCError({ code: "UNAUTHORIZED", message: "Expected Authorization: Bearer lbt_…" });
    const ctx = await contextFromApiToken(deps.db, authorization, { log: deps.log, upstreamFor: deps.upstreamFor, clientIp: deps.clientIp });
    return { userId: ctx.session?.user.id ?? null, apiToken: ctx.apiToken };
  }
  return { userId: await deps.sessionUserId(), apiToken: null };
}

export async function handleDownload(req: Request, deps: DownloadDeps): Promise<Response> {
  const ticket = new URL(req.url).searchParams.get("ticket");
  if (!ticket) return failure(400, "The download link has no ticket; start the download again from the portal.");
  const bearer = req.headers.get("authorization") !== null;
  try {
    const { userId, apiToken } = await presenter(req, deps);
    const download = await redeemDownloadTicket(
      { db: deps.db, upstreamFor: deps.upstreamFor, log: deps.log, sessionUserId: userId, apiToken, clientIp: deps.clientIp },
      ticket,
    );
    const range = parseRange(req.headers.get("range"));
    const headers = new Headers({
      "content-type": download.contentType,
      "content-disposition": contentDisposition(download.fileName),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    });
    if (!range) return new Response(download.stream, { status: 200, headers });
    headers.set("content-range", `bytes ${range.start}-${range.end}/*`);
    return new Response(sliceStream(download.stream, range), { status: 206, headers });
  } catch (caught) {
    // The BFF's one error mapping (upstream status → tRPC code, safe messages, §Errors of STYLE).
    const error = caught instanceof TRPCError ? caught : toTRPCError(caught);
    const status = getHTTPStatusCodeFromError(error);
    if (status >= 500) deps.log.error("download failed", { code: error.code });
    if (status === 500) return failure(status, "The download could not start. Try again; if it keeps failing, check the portal logs.");
    // RFC 9110 §11.6.1: a 401 names the scheme the client should use.
    return failure(status, error.message, status === 401 && bearer ? { "www-authenticate": 'Bearer realm="lifeboat"' } : {});
  }
}
