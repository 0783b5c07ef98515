import { authedProcedure } from "../../trpc.ts";

/** The signed-in user, their workspaces with roles, and which one requests act on. */
export const get = authedProcedure.query(async ({ ctx }) => {
  const memberships = await ctx.db.membership.findMany({
    where: { userId: ctx.user.id },
    orderBy: [{ createdAt: "asc" }, { workspaceId: "asc" }],
    select: { role: true, workspace: { select: { id: true, name: true, connectionId: true } } },
  });
  const workspaces = memberships.map((m) => ({
    id: m.workspace.id,
    name: m.workspace.name,
    role: m.role,
    hasUpstreamConnection: m.workspace.connectionId !== null,
  }));
  // Same rule as workspaceProcedure: the selection if still a member, else the oldest membership.
  const selected = ctx.selectedWorkspaceId
    ? workspaces.find((w) => w.id === ctx.selectedWorkspaceId)
    : workspaces[0];
  return {
    user: { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name, isOps: ctx.user.isOps, isInstanceAdmin: ctx.user.isInstanceAdmin },
    workspaces,
    selectedWorkspaceId: selected?.id ?? null,
    /** True when the web app's stored selection points at a workspace the user has lost. */
    selectionInvalid: Boolean(ctx.selectedWorkspaceId) && !selected,
    /** Two-factor sign-in: on or not, and whether the instance makes this user set it up before anything else. */
    twoFactor: { enabled: ctx.user.hasTwoFactor, setupRequired: ctx.twoFactorSetupRequired },
  };
});
