// The REST door for apps not written in TypeScript: /api/v1/* runs the procedures that carry
// `meta({ openapi })`, authenticated by an API token (Authorization: Bearer lbt_…). All logic is
// in @lifeboat/api's `handleRestRequest` (tested there over real HTTP); this file only wires it.
import { handleRestRequest } from "@lifeboat/api";
import { clientIpFrom } from "@/server/client-ip.ts";
import { getDb, getLog, getUpstreamFor } from "@/server/db.ts";

function handler(req: Request) {
  return handleRestRequest(req, { db: getDb(), log: getLog(), upstreamFor: getUpstreamFor(), clientIp: clientIpFrom(req.headers) });
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
export const dynamic = "force-dynamic";
