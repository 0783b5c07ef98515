import { appRouter } from "@lifeboat/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getLog } from "@/server/db.ts";
import { createRequestContext } from "@/server/context.ts";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createRequestContext(req, resHeaders),
    onError({ error, path }) {
      // Expected outcomes (validation, auth, not found) are not server faults worth a log line.
      if (error.code === "INTERNAL_SERVER_ERROR") getLog().error("trpc request failed", { path, code: error.code });
    },
  });
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
