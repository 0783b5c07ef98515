import { authedProcedure } from "../../trpc.ts";

/** The caller's workspaces (all of them: a user is a member of a handful at most). */
export const list = authedProcedure.query(async ({ ctx }) => {
  const memberships = await ctx.db.membership.findMany({
    where: { userId: ctx.user.id },
    orderBy: [{ createdAt: "asc" }, { workspaceId: "asc" }],
    select: {
      role: true,
      workspace: { select: { id: true, name: true, connection: { select: { id: true, name: true, kind: true } } } },
    },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
});
