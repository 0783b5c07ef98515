// The cast of the router tests: one user per role in one workspace, plus an ops user with no
// workspace role, each with a caller built over an injected context (no HTTP, no next-auth).
import { randomUUID } from "node:crypto";
import { createCaller, createContext, silentLog } from "../../src/index.ts";
import type { Db } from "../../src/db.ts";
import type { Role } from "../../src/roles.ts";

export type ActorName = "anonymous" | "viewer" | "operator" | "admin" | "ops";

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
  const make = async (name: string, role: Role | null, isOps = false) => {
    const user = await db.user.create({
      data: {
        email: `${name}-${tag}@example.test`,
        name,
        isOps,
        ...(role ? { memberships: { create: { workspaceId: workspace.id, role } } } : {}),
      },
      select: { id: true, email: true },
    });
    return user;
  };
  const users = {
    viewer: await make("viewer", "viewer"),
    operator: await make("operator", "operator"),
    admin: await make("admin", "admin"),
    ops: await make("ops", null, true),
  };
  return {
    workspaceId: workspace.id,
    otherWorkspaceId: other.id,
    users,
    caller: (actor, opts = {}) => callerFor(db, actor === "anonymous" ? null : users[actor], opts),
  };
}
