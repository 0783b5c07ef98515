import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { RoleSchema } from "../../roles.ts";
import { endUserSessions } from "../../auth/sessions.ts";
import { IdSchema } from "../../schemas.ts";
import { workspaceManagerProcedure } from "../../trpc.ts";
import { refuseLastAdmin, refuseSelf } from "./admin-guards.ts";

/**
 * Grants or changes a user's role in one workspace (creates the membership when missing). The
 * caller manages that workspace (instance admin, or admin there): a role elsewhere is not theirs to give.
 */
export const setRole = workspaceManagerProcedure("workspaceId")
  .input(z.object({ userId: IdSchema, role: RoleSchema }))
  .mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const current = await tx.membership.findUnique({
        where: { userId_workspaceId: { userId: input.userId, workspaceId: input.workspaceId } },
        select: { role: true },
      });
      if (current?.role === "admin" && input.role !== "admin") {
        refuseSelf(ctx.user.id, input.userId, "remove the admin role from");
        await refuseLastAdmin(tx, input.workspaceId, input.userId);
      }
      const [user, workspace] = await Promise.all([
        tx.user.findUnique({ where: { id: input.userId }, select: { id: true } }),
        tx.workspace.findUnique({ where: { id: input.workspaceId }, select: { id: true } }),
      ]);
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      if (!workspace) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace" });
      const membership = await tx.membership.upsert({
        where: { userId_workspaceId: { userId: input.userId, workspaceId: input.workspaceId } },
        create: { userId: input.userId, workspaceId: input.workspaceId, role: input.role },
        update: { role: input.role },
        select: { userId: true, workspaceId: true, role: true },
      });
      // A role change ends the user's sessions (issue 13): they sign in again under the new role.
      // The admin's own session survives a change they made to themselves.
      if (current?.role !== input.role) await endUserSessions(tx, input.userId, { keep: ctx.session?.sessionId });
      return membership;
    });
  });
