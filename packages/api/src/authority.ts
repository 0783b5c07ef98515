// The authority model of the BFF — the one home of "who may do what" (README "Security model").
//
// - An instance admin (User.isInstanceAdmin) manages users, workspaces and upstream connections,
//   and the members of any workspace.
// - A workspace admin manages the members and settings of the workspaces they are admin of, and
//   nothing else: no role elsewhere, no users, no upstream connections, no workspace binding.
// - Operators and viewers act in their workspaces at their role (services/area-access.ts).
// - The ops flag shows the ops dashboard across workspaces; it grants no workspace role.
// - An API token acts in its own workspace with the lower of its role and its user's current role
//   there. It never carries instance admin or ops, and never creates or changes users, roles,
//   memberships, API tokens, passwords or upstream connections: those need a signed-in session.
// - When the instance setting "require two-factor for admins" is on, an instance admin who signed
//   in with a password and has no second factor can do nothing but set it up (and see or end their
//   sessions) until they have. SSO sign-ins rely on the identity provider and are not held up.
//
// trpc.ts builds the base procedures from these checks; handlers never decide access themselves.
import { TRPCError } from "@trpc/server";
import type { Db } from "./db.ts";
import type { ApiTokenPrincipal } from "./auth/api-token.ts";
import { hasRole, type Role } from "./roles.ts";
import type { ResolvedMembership } from "./workspace-access.ts";

export interface Principal {
  user: { id: string; isInstanceAdmin: boolean };
  apiToken: ApiTokenPrincipal | null;
}

const forbidden = (message: string) => new TRPCError({ code: "FORBIDDEN", message });

/** Identity and access changes need a person at a browser, never a token (see the header). */
export function requireSession(p: Principal, what = "this"): void {
  if (p.apiToken) throw forbidden(`API tokens cannot do ${what}; sign in`);
}

export function requireInstanceAdmin(p: Principal, what = "this"): void {
  requireSession(p, what);
  if (!p.user.isInstanceAdmin) throw forbidden(`Only an instance admin can do ${what}`);
}

/** The role a request acts with in a workspace: the membership's, capped by the API token's. */
export function effectiveRole(p: Principal, membership: ResolvedMembership): Role {
  const tokenRole = p.apiToken?.role;
  return tokenRole && !hasRole(tokenRole, membership.role) ? tokenRole : membership.role;
}

export function requireWorkspaceRole(
  p: Principal,
  membership: ResolvedMembership | null,
  minRole: Role,
  selected: boolean,
): { role: Role; workspace: ResolvedMembership["workspace"] } {
  if (!membership) {
    throw forbidden(
      selected ? "You are not a member of the selected workspace" : "You are not a member of any workspace yet; ask an admin for access",
    );
  }
  const role = effectiveRole(p, membership);
  if (!hasRole(role, minRole)) {
    throw forbidden(
      `This needs the ${minRole} role in workspace "${membership.workspace.name}" (you are ${role}${p.apiToken ? " through this API token" : ""})`,
    );
  }
  return { role, workspace: membership.workspace };
}

/**
 * Managing a workspace's members and settings (`user.setRole`, `user.removeFromWorkspace`,
 * `workspace.update`): an instance admin anywhere, a workspace admin only where they are admin —
 * the workspace named in the input, whatever workspace is selected. Session only.
 */
export async function requireWorkspaceManager(
  db: Db,
  p: Principal,
  workspaceId: string,
): Promise<{ id: string; name: string; connectionId: string | null }> {
  requireSession(p, "changes to members or workspace settings");
  if (p.user.isInstanceAdmin) {
    const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, name: true, connectionId: true } });
    if (!workspace) throw new TRPCError({ code: "NOT_FOUND", message: "No such workspace" });
    return workspace;
  }
  const membership = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: p.user.id, workspaceId } },
    select: { role: true, workspace: { select: { id: true, name: true, connectionId: true } } },
  });
  // Not a member: refused without saying whether the workspace exists.
  if (!membership) throw forbidden("You can only manage workspaces you are an admin of");
  if (membership.role !== "admin") {
    throw forbidden(`This needs the admin role in workspace "${membership.workspace.name}" (you are ${membership.role} there)`);
  }
  return membership.workspace;
}

/** Whether the caller sees every workspace's records (users, audit) or only the selected workspace's. */
export function seesInstance(p: Principal): boolean {
  return !p.apiToken && p.user.isInstanceAdmin;
}

/**
 * What an admin listing (users, audit events) may show: everything for an instance admin (null),
 * else the selected workspace's records, for its admins only.
 */
export function adminListScope(p: Principal, membership: ResolvedMembership | null, selected: boolean): { workspaceId: string } | null {
  if (seesInstance(p)) return null;
  return { workspaceId: requireWorkspaceRole(p, membership, "admin", selected).workspace.id };
}

/** What an instance admin who must set up two-factor sign-in may still call. */
export const TWO_FACTOR_SETUP_PATHS: ReadonlySet<string> = new Set([
  "me.get",
  "me.twoFactor.status",
  "me.twoFactor.setup",
  "me.twoFactor.confirm",
  "me.session.list",
  "me.session.revoke",
  "me.session.revokeAll",
]);

/** Refuses everything but setting up two-factor sign-in (called when the instance requires it). */
export function requireTwoFactorSetUp(path: string): void {
  if (!TWO_FACTOR_SETUP_PATHS.has(path)) {
    throw forbidden("This portal requires two-factor sign-in for instance admins: set it up in Settings first");
  }
}
