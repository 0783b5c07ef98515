// Prometheus scrape endpoint: `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` or an admin API
// token. The figures and the check live in @lifeboat/api's `handleMetricsRequest` (tested there);
// this file only wires it.
import { handleMetricsRequest } from "@lifeboat/api";
import { getDb, getLog } from "@/server/db.ts";
import { webEnv } from "@/server/env.ts";

export function GET(req: Request) {
  return handleMetricsRequest(req, { db: getDb(), log: getLog(), metricsToken: webEnv().LIFEBOAT_METRICS_TOKEN });
}

export const dynamic = "force-dynamic";
