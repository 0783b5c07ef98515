import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";

/**
 * Deletes a workspace and its memberships. Not the one the caller is acting in: that is where
 * their admin right comes from, and deleting it mid-session would strand them.
 */
export const deleteWorkspace = adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  if (input.id === ctx.workspace.id) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "You cannot delete the workspace you are working in; switch to another workspace first",
    });
  }
  await ctx.db.workspace.delete({ where: { id: input.id } });
  return { id: input.id, deleted: true as const };
});
