import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { authedProcedure } from "../../trpc.ts";

/**
 * Chooses the workspace later requests act on. The web app persists it (cookie) through the
 * context's `persistWorkspaceSelection`; this procedure only checks that the user is a member.
 */
export const selectWorkspace = authedProcedure
  .input(z.object({ workspaceId: IdSchema }))
  .mutation(async ({ ctx, input }) => {
    const membership = await ctx.db.membership.findUnique({
      where: { userId_workspaceId: { userId: ctx.user.id, workspaceId: input.workspaceId } },
      select: { role: true, workspace: { select: { id: true, name: true } } },
    });
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace among yours" });
    ctx.audit.workspaceId = membership.workspace.id;
    ctx.persistWorkspaceSelection(membership.workspace.id);
    return { selectedWorkspaceId: membership.workspace.id, name: membership.workspace.name, role: membership.role };
  });
