import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { resolveMembership } from "../../workspace-access.ts";

/**
 * Deletes a workspace and its memberships (instance admins). Not the one the caller has selected:
 * deleting it mid-session would strand their pages.
 */
export const deleteWorkspace = instanceAdminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  const workingIn = await resolveMembership(ctx.db, ctx.user.id, ctx.selectedWorkspaceId);
  if (input.id === workingIn?.workspace.id) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "You cannot delete the workspace you are working in; switch to another workspace first",
    });
  }
  const exists = await ctx.db.workspace.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace" });
  await ctx.db.workspace.delete({ where: { id: input.id } });
  return { id: input.id, deleted: true as const };
});
