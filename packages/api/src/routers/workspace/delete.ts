import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";
import { requireAdminOf } from "./require-admin-of.ts";

/**
 * Deletes a workspace and its memberships. Not the one the caller is acting in: that is where
 * their admin right comes from, and deleting it mid-session would strand them. Needs admin in
 * the workspace deleted too.
 */
export const deleteWorkspace = adminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  if (input.id === ctx.workspace.id) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "You cannot delete the workspace you are working in; switch to another workspace first",
    });
  }
  await requireAdminOf(ctx, input.id);
  await ctx.db.workspace.delete({ where: { id: input.id } });
  return { id: input.id, deleted: true as const };
});
