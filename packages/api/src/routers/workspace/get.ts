import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { authedProcedure } from "../../trpc.ts";

/** One of the caller's workspaces; others are NOT_FOUND so their names do not leak. */
export const get = authedProcedure.input(z.object({ id: IdSchema })).query(async ({ ctx, input }) => {
  const membership = await ctx.db.membership.findUnique({
    where: { userId_workspaceId: { userId: ctx.user.id, workspaceId: input.id } },
    select: {
      role: true,
      workspace: {
        select: {
          id: true,
          name: true,
          createdAt: true,
          connection: { select: { id: true, name: true, kind: true, lastTestOk: true, lastTestedAt: true } },
          _count: { select: { memberships: true } },
        },
      },
    },
  });
  if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace among yours" });
  const { _count, ...workspace } = membership.workspace;
  return { ...workspace, role: membership.role, memberCount: _count.memberships };
});
