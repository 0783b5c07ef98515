// Downloads: redeems a ticket for a browser session or an API token and streams the upstream
// bytes through (the logic and its checks are in server/download.ts; this file only wires it).
import { clientIpFrom } from "@/server/client-ip.ts";
import { getSession } from "@/server/context.ts";
import { getDb, getLog, getUpstreamFor } from "@/server/db.ts";
import { handleDownload } from "@/server/download.ts";

export async function GET(req: Request): Promise<Response> {
  return handleDownload(req, {
    db: getDb(),
    upstreamFor: getUpstreamFor(),
    log: getLog(),
    clientIp: clientIpFrom(req.headers),
    sessionUserId: async () => (await getSession())?.user?.id ?? null,
  });
}

export const dynamic = "force-dynamic";
