// Workspace actions (rename, rebind, delete) act on the workspace named in the input, so the
// caller's role is checked there — not only in the workspace they happen to be working in.
import { TRPCError } from "@trpc/server";
import type { Db } from "../../db.ts";
import { hasRole } from "../../roles.ts";
import { resolveMembership } from "../../workspace-access.ts";

interface Caller {
  db: Db;
  user: { id: string };
  workspace: { id: string };
  apiToken?: { name: string } | null | undefined;
}

/** Throws unless the caller is an admin of `workspaceId` (NOT_FOUND when not a member, like workspace.get). */
export async function requireAdminOf(ctx: Caller, workspaceId: string): Promise<{ id: string; name: string; connectionId: string | null }> {
  if (ctx.apiToken && workspaceId !== ctx.workspace.id) {
    throw new TRPCError({ code: "FORBIDDEN", message: `API token "${ctx.apiToken.name}" acts only in its own workspace` });
  }
  const membership = await resolveMembership(ctx.db, ctx.user.id, workspaceId);
  if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace among yours" });
  if (!hasRole(membership.role, "admin")) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This needs the admin role in workspace "${membership.workspace.name}" (you are ${membership.role} there)`,
    });
  }
  return membership.workspace;
}
