"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog, Select, toast } from "@lifeboat/ui";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { ROLES, type RoleValue } from "@/lib/user-form.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { UserRow } from "@/trpc/types.ts";

/** Per-workspace role of one user: each change is saved at once (and audited by the BFF). */
export function RolesDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const { workspaces } = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.user.list.pathKey() });
    toast.success(message);
  };
  const setRole = useMutation(
    trpc.user.setRole.mutationOptions({
      onSuccess: (m, input) => done(`${user.email} is now ${m.role} in ${nameOf(input.workspaceId)}`),
      onError: (error) => toast.error(errorMessage(error, "Could not change the role")),
    }),
  );
  const remove = useMutation(
    trpc.user.removeFromWorkspace.mutationOptions({
      onSuccess: (_r, input) => done(`${user.email} no longer has access to ${nameOf(input.workspaceId)}`),
      onError: (error) => toast.error(errorMessage(error, "Could not remove the access")),
    }),
  );
  // The admin's workspaces plus any other the user belongs to.
  const rows = new Map<string, string>(workspaces.map((w) => [w.id, w.name]));
  for (const m of user.memberships) rows.set(m.workspaceId, m.workspaceName);
  const nameOf = (id: string) => rows.get(id) ?? "the workspace";
  const roleIn = (id: string) => user.memberships.find((m) => m.workspaceId === id)?.role ?? "none";
  const pending = setRole.isPending || remove.isPending;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Roles of ${user.email}`} description="Changes are saved immediately.">
      <ul className="flex flex-col divide-y divide-border">
        {[...rows].map(([id, name]) => (
          <li key={id} className="flex items-center justify-between gap-4 py-2">
            <span className="truncate text-sm font-medium">{name}</span>
            <Select
              aria-label={`Role in ${name}`}
              className="w-40"
              value={roleIn(id)}
              disabled={pending}
              onChange={(e) => {
                const value = e.target.value as RoleValue | "none";
                if (value === "none") remove.mutate({ userId: user.id, workspaceId: id });
                else setRole.mutate({ userId: user.id, workspaceId: id, role: value });
              }}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
              <option value="none">no access</option>
            </Select>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
