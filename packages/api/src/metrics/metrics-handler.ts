// GET /api/metrics for Prometheus: `Authorization: Bearer <LIFEBOAT_METRICS_TOKEN>` or an admin API
// token (lbt_…, admin in its workspace). Anything else is 401 without saying which token exists.
import { isMetricsToken, PROMETHEUS_CONTENT_TYPE, type Registry } from "@lifeboat/metrics";
import { bearerApiToken, resolveApiToken } from "../auth/api-token.ts";
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";
import { hasRole } from "../roles.ts";
import { resolveMembership } from "../workspace-access.ts";
import { createPortalMetrics } from "./portal-metrics.ts";

export interface MetricsHandlerDeps {
  db: Db;
  log: ApiLog;
  /** LIFEBOAT_METRICS_TOKEN, when set. */
  metricsToken?: string | undefined;
}

const registries = new WeakMap<Db, Registry>();

function unauthorized(message: string): Response {
  return new Response(`${message}\n`, { status: 401, headers: { "content-type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="lifeboat-metrics"' } });
}

async function isAdminToken(db: Db, authorization: string | null): Promise<boolean> {
  const token = bearerApiToken(authorization);
  if (!token) return false;
  try {
    const { principal, user } = await resolveApiToken(db, token);
    const membership = await resolveMembership(db, user.id, principal.workspaceId);
    return hasRole(principal.role, "admin") && !!membership && hasRole(membership.role, "admin");
  } catch {
    return false;
  }
}

export async function handleMetricsRequest(req: Request, deps: MetricsHandlerDeps): Promise<Response> {
  const authorization = req.headers.get("authorization");
  if (!isMetricsToken(authorization, deps.metricsToken) && !(await isAdminToken(deps.db, authorization))) {
    return unauthorized("Send Authorization: Bearer <LIFEBOAT_METRICS_TOKEN> or an admin API token");
  }
  let registry = registries.get(deps.db);
  if (!registry) {
    registry = createPortalMetrics(deps.db);
    registries.set(deps.db, registry);
  }
  try {
    return new Response(await registry.metrics(), { status: 200, headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" } });
  } catch (error) {
    deps.log.error("metrics: collecting failed", { error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
    return new Response("could not collect the metrics; see the portal log\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
