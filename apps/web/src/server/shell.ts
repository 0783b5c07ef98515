// What every signed-in page needs: who is signed in, their workspaces and the role in the selected
// one. `cache` shares one BFF call between the layout and the page of a request.
import "server-only";
import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/lib/navigation.ts";
import { getSession, serverCaller } from "./context.ts";

export interface ShellData {
  user: { id: string; email: string; name: string | null; isOps: boolean; isInstanceAdmin: boolean };
  workspaces: { id: string; name: string; role: Role }[];
  selectedWorkspace: { id: string; name: string; role: Role } | null;
  /** The remembered workspace is no longer one of the user's: they must choose another. */
  selectionInvalid: boolean;
  /** The portal requires two-factor sign-in of this instance admin, who has not set it up yet. */
  twoFactorSetupRequired: boolean;
}

export type ShellResult = { ok: true; data: ShellData } | { ok: false; reason: "session-invalid" };

export const getShell = cache(async (): Promise<ShellResult> => {
  const session = await getSession();
  if (!session) redirect("/signin");
  try {
    const me = await (await serverCaller()).me.get();
    const selected = me.workspaces.find((w) => w.id === me.selectedWorkspaceId) ?? null;
    return {
      ok: true,
      data: {
        user: me.user,
        workspaces: me.workspaces.map((w) => ({ id: w.id, name: w.name, role: w.role })),
        selectedWorkspace: selected ? { id: selected.id, name: selected.name, role: selected.role } : null,
        selectionInvalid: me.selectionInvalid,
        twoFactorSetupRequired: me.twoFactor.setupRequired,
      },
    };
  } catch (error) {
    // A disabled or deleted user still holding a session cookie.
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return { ok: false, reason: "session-invalid" };
    throw error;
  }
});

/** For instance-admin pages (upstream connections, workspaces): the shell data, or null. */
export async function getInstanceAdminShell(): Promise<ShellData | null> {
  const shell = await getShell();
  return shell.ok && shell.data.user.isInstanceAdmin ? shell.data : null;
}

/** For the users and audit pages: a workspace admin (their workspace's) or an instance admin (all). */
export async function getAnyAdminShell(): Promise<ShellData | null> {
  const shell = await getShell();
  return shell.ok && (shell.data.user.isInstanceAdmin || shell.data.selectedWorkspace?.role === "admin") ? shell.data : null;
}
