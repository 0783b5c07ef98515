import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";

/** Refused while workspaces use the connection: unbinding them silently would break their pages. */
export const deleteConnection = instanceAdminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  const bound = await ctx.db.workspace.findMany({
    where: { connectionId: input.id },
    select: { name: true },
    orderBy: { name: "asc" },
    take: 5,
  });
  if (bound.length > 0) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `Workspaces still use this connection (${bound.map((w) => w.name).join(", ")}); bind them to another one first`,
    });
  }
  await ctx.db.upstreamConnection.delete({ where: { id: input.id } });
  return { id: input.id, deleted: true as const };
});
