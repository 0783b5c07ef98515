import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { endUserSessions } from "../../auth/sessions.ts";
import { IdSchema } from "../../schemas.ts";
import { workspaceManagerProcedure } from "../../trpc.ts";
import { refuseLastAdmin, refuseSelf } from "./admin-guards.ts";

export const removeFromWorkspace = workspaceManagerProcedure("workspaceId")
  .input(z.object({ userId: IdSchema }))
  .mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const current = await tx.membership.findUnique({
        where: { userId_workspaceId: { userId: input.userId, workspaceId: input.workspaceId } },
        select: { role: true },
      });
      if (!current) throw new TRPCError({ code: "NOT_FOUND", message: "This user is not a member of that workspace" });
      if (current.role === "admin") {
        refuseSelf(ctx.user.id, input.userId, "remove the admin role from");
        await refuseLastAdmin(tx, input.workspaceId, input.userId);
      }
      await tx.membership.delete({
        where: { userId_workspaceId: { userId: input.userId, workspaceId: input.workspaceId } },
      });
      // A role change ends the user's sessions (issue 13): they sign in again under the new roles.
      await endUserSessions(tx, input.userId, { keep: ctx.session?.sessionId });
      return { userId: input.userId, workspaceId: input.workspaceId, removed: true as const };
    });
  });
