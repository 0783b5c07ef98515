// Which workspace a request acts on. Kept apart from trpc.ts because `me.get` needs the same
// answer without requiring membership.
import type { Db } from "./db.ts";
import type { Role } from "./roles.ts";

export interface ResolvedMembership {
  role: Role;
  workspace: { id: string; name: string; connectionId: string | null };
}

/**
 * The membership for the selected workspace; without a selection, the user's oldest membership.
 * A selection the user is not a member of resolves to null rather than silently falling back:
 * acting on a different workspace than the one on screen would be worse than refusing.
 */
export async function resolveMembership(
  db: Db,
  userId: string,
  selectedWorkspaceId: string | null,
): Promise<ResolvedMembership | null> {
  const membership = await db.membership.findFirst({
    where: { userId, ...(selectedWorkspaceId ? { workspaceId: selectedWorkspaceId } : {}) },
    orderBy: [{ createdAt: "asc" }, { workspaceId: "asc" }],
    select: { role: true, workspace: { select: { id: true, name: true, connectionId: true } } },
  });
  return membership;
}
