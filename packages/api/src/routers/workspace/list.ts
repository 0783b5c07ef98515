import { authedProcedure } from "../../trpc.ts";

/**
 * The caller's workspaces (all of them: a user is a member of a handful at most), with how many
 * members and API tokens each has — what a deletion would take with it.
 */
export const list = authedProcedure.query(async ({ ctx }) => {
  const memberships = await ctx.db.membership.findMany({
    where: { userId: ctx.user.id },
    orderBy: [{ createdAt: "asc" }, { workspaceId: "asc" }],
    select: {
      role: true,
      workspace: {
        select: {
          id: true,
          name: true,
          connection: { select: { id: true, name: true, kind: true } },
          _count: { select: { memberships: true, apiTokens: true } },
        },
      },
    },
  });
  return memberships.map(({ role, workspace: { _count, ...workspace } }) => ({
    ...workspace,
    role,
    memberCount: _count.memberships,
    apiTokenCount: _count.apiTokens,
  }));
});
