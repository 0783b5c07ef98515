import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { connectionSelect, toConnectionOutput } from "./schemas.ts";

export const get = instanceAdminProcedure.input(z.object({ id: IdSchema })).query(async ({ ctx, input }) => {
  const row = await ctx.db.upstreamConnection.findUnique({ where: { id: input.id }, select: connectionSelect });
  if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such upstream connection" });
  return toConnectionOutput(row);
});
