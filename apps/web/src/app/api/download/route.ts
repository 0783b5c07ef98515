// Downloads: redeems a ticket signed by a BFF procedure (recovery.download, recovery.downloadFile,
// agent.download) and streams the upstream bytes straight through — nothing is buffered beyond
// one chunk (the upstream client reads ≤ 8 MiB ranges on demand, reference §Q 6). A closed
// `Range: bytes=N-M` is answered with 206 (lib/byte-range.ts).
import { redeemDownloadTicket, toTRPCError } from "@lifeboat/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { parseRange, sliceStream } from "@/lib/byte-range.ts";
import { clientIpFrom } from "@/server/client-ip.ts";
import { getSession } from "@/server/context.ts";
import { getDb, getLog, getUpstreamFor } from "@/server/db.ts";

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function failure(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function GET(req: Request): Promise<Response> {
  const ticket = new URL(req.url).searchParams.get("ticket");
  if (!ticket) return failure(400, "The download link has no ticket; start the download again from the portal.");
  const session = await getSession();
  try {
    const download = await redeemDownloadTicket(
      { db: getDb(), upstreamFor: getUpstreamFor(), log: getLog(), sessionUserId: session?.user?.id ?? null, clientIp: clientIpFrom(req.headers) },
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
    if (status >= 500) getLog().error("download failed", { code: error.code });
    return failure(status, status === 500 ? "The download could not start. Try again; if it keeps failing, check the portal logs." : error.message);
  }
}

export const dynamic = "force-dynamic";
