// The cast of the router tests: one user per role in one workspace, plus an ops user with no
// workspace role, each with a caller built over an injected context (no HTTP, no next-auth).
// `admin` is an instance admin (and admin of the workspace); `workspaceAdmin` is admin of the
// workspace only.
import { randomUUID } from "node:crypto";
import { contextFromApiToken, createCaller, createContext, generateApiToken, silentLog } from "../../src/index.ts";
import type { Db } from "../../src/db.ts";
import type { Role } from "../../src/roles.ts";

export type ActorName = "anonymous" | "viewer" | "operator" | "admin" | "workspaceAdmin" | "ops";

export interface Cast {
  workspaceId: string;
  otherWorkspaceId: string;
  users: Record<Exclude<ActorName, "anonymous">, { id: string; email: string }>;
  caller(actor: ActorName, opts?: { selectedWorkspaceId?: string | null; clientIp?: string }): ReturnType<typeof createCaller>;
}

export function callerFor(db: Db, user: { id: string; email: string } | null, opts: { selectedWorkspaceId?: string | null; clientIp?: string } = {}) {
  return createCaller(
    createContext({
      db,
      session: user ? { user: { id: user.id, email: user.email } } : null,
      clientIp: opts.clientIp ?? "203.0.113.7",
      log: silentLog,
      selectedWorkspaceId: opts.selectedWorkspaceId ?? null,
    }),
  );
}

export async function createCast(db: Db): Promise<Cast> {
  const tag = randomUUID().slice(0, 8);
  const workspace = await db.workspace.create({ data: { name: `main-${tag}` }, select: { id: true } });
  const other = await db.workspace.create({ data: { name: `other-${tag}` }, select: { id: true } });
  const make = async (name: string, role: Role | null, isOps = false, isInstanceAdmin = false) => {
    const user = await db.user.create({
      data: {
        email: `${name}-${tag}@example.test`,
        name,
        isOps,
        isInstanceAdmin,
        ...(role ? { memberships: { create: { workspaceId: workspace.id, role } } } : {}),
      },
      select: { id: true, email: true },
    });
    return user;
  };
  const users = {
    viewer: await make("viewer", "viewer"),
    operator: await make("operator", "operator"),
    admin: await make("admin", "admin", false, true),
    workspaceAdmin: await make("workspace-admin", "admin"),
    ops: await make("ops", null, true),
  };
  return {
    workspaceId: workspace.id,
    otherWorkspaceId: other.id,
    users,
    caller: (actor, opts = {}) => callerFor(db, actor === "anonymous" ? null : users[actor], opts),
  };
}

/** A live API token of `user` in `workspaceId` (as apiToken.create stores it) and a caller that uses it. */
export async function tokenCaller(db: Db, user: { id: string }, workspaceId: string, role: Role, clientIp = "203.0.113.9") {
  const generated = generateApiToken();
  await db.apiToken.create({
    data: {
      name: `${role}-${randomUUID().slice(0, 8)}`,
      role,
      userId: user.id,
      workspaceId,
      tokenHash: generated.tokenHash,
      prefix: generated.prefix,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const ctx = await contextFromApiToken(db, generated.token, { clientIp, log: silentLog });
  return { token: generated.token, caller: createCaller(ctx) };
}
