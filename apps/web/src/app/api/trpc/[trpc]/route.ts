import { appRouter, bearerApiToken, contextFromApiToken, logInternalError, rateLimitResponseMeta } from "@lifeboat/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { clientIpFrom } from "@/server/client-ip.ts";
import { getDb, getLog, getUpstreamFor } from "@/server/db.ts";
import { createRequestContext } from "@/server/context.ts";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => {
      // -- API tokens (owned by the ops/tokens work in packages/api): a `Bearer lbt_…` request acts
      // as its token (its workspace, its role) instead of a next-auth session.
      const token = bearerApiToken(req.headers.get("authorization"));
      if (token) return contextFromApiToken(getDb(), token, { clientIp: clientIpFrom(req.headers), log: getLog(), upstreamFor: getUpstreamFor() });
      // -- end API tokens
      return createRequestContext(req, resHeaders);
    },
    // 429 answers carry Retry-After (per-user / per-token limits, packages/api rate-limit).
    responseMeta: rateLimitResponseMeta,
    onError({ error, path, type }) {
      // Expected outcomes (validation, auth, not found) are not server faults worth a log line;
      // a 500 is logged once with its cause (procedure bugs already were, where they were mapped).
      logInternalError(getLog(), { error, path, type });
    },
  });
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
