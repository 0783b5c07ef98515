import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { testUpstreamConnection } from "../../upstream/test-connection.ts";

/** Gets a token and reads the policy list; the result is stored on the connection and returned. */
export const test = instanceAdminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  const conn = await ctx.db.upstreamConnection.findUnique({
    where: { id: input.id },
    select: { id: true, serviceUrl: true, iamTokenUrl: true, tenantId: true, apiKeyCiphertext: true },
  });
  if (!conn) throw new TRPCError({ code: "NOT_FOUND", message: "No such upstream connection" });
  const { requestId, ...result } = await testUpstreamConnection(conn);
  ctx.audit.upstreamRequestId = requestId ?? null;
  await ctx.db.upstreamConnection.update({
    where: { id: conn.id },
    data: {
      lastTestedAt: new Date(),
      lastTestOk: result.ok,
      lastTestLatencyMs: result.latencyMs,
      lastTestMessage: result.message,
    },
    select: { id: true },
  });
  if (!result.ok) ctx.log.warn("upstream connection test failed", { connectionId: conn.id, latencyMs: result.latencyMs });
  return result;
});
