// The one projection of a user the admin screens see. No password hash, ever.
export const userSelect = {
  id: true,
  email: true,
  name: true,
  isOps: true,
  isInstanceAdmin: true,
  disabled: true,
  lastLoginAt: true,
  createdAt: true,
  passwordHash: true,
  totpEnabledAt: true,
  memberships: {
    select: { role: true, workspace: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const;

interface SelectedUser {
  id: string;
  email: string;
  name: string | null;
  isOps: boolean;
  isInstanceAdmin: boolean;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  passwordHash: string | null;
  totpEnabledAt: Date | null;
  memberships: { role: "viewer" | "operator" | "admin"; workspace: { id: string; name: string } }[];
}

/** Replaces the hash by a flag before anything leaves the server. */
export function toUserOutput({ passwordHash, totpEnabledAt, memberships, ...user }: SelectedUser) {
  return {
    ...user,
    hasPassword: passwordHash !== null,
    hasTwoFactor: totpEnabledAt !== null,
    memberships: memberships.map((m) => ({ workspaceId: m.workspace.id, workspaceName: m.workspace.name, role: m.role })),
  };
}
