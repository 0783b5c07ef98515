// Invariants that keep the portal administrable: nobody locks themselves out, and no workspace
// loses its last admin. Checked inside the caller's transaction with the workspace row locked, so
// two admins demoting each other at the same moment cannot both succeed.
import { TRPCError } from "@trpc/server";
import type { DbTx } from "../../db.ts";

export function refuseSelf(actorId: string, targetUserId: string, what: string): void {
  if (actorId === targetUserId) {
    throw new TRPCError({ code: "FORBIDDEN", message: `You cannot ${what} yourself; ask another admin` });
  }
}

/** Throws when `userId` is the only admin of `workspaceId` (no-op when they are not an admin). */
export async function refuseLastAdmin(tx: DbTx, workspaceId: string, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Workspace" WHERE "id" = ${workspaceId} FOR UPDATE`;
  const admins = await tx.membership.findMany({
    where: { workspaceId, role: "admin" },
    select: { userId: true, workspace: { select: { name: true } } },
  });
  const isAdmin = admins.some((a) => a.userId === userId);
  if (isAdmin && admins.length === 1) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `This user is the last admin of workspace "${admins[0]?.workspace.name}"; make someone else admin first`,
    });
  }
}

/**
 * Throws CONFLICT when `userId` is the last enabled instance admin: the portal would have nobody
 * left to manage users, workspaces and upstream connections. Locks the instance admins' rows, so
 * two admins demoting each other (or themselves) at the same moment cannot both succeed.
 */
export async function refuseLastInstanceAdmin(tx: DbTx, userId: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" WHERE "isInstanceAdmin" AND NOT "disabled" ORDER BY "id" FOR UPDATE`;
  if (admins.length === 1 && admins[0]?.id === userId) {
    throw new TRPCError({
      code: "CONFLICT",
      message: "This is the last instance admin of the portal; make someone else instance admin first",
    });
  }
}
