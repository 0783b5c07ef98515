"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Users } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge, Button, PageHeader } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { SearchBox } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { RowConfirmDialog, useListMutation, useRowConfirm } from "@/components/common/row-action.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useShell } from "@/components/shell/shell-context.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { UserRow } from "@/trpc/types.ts";
import { EditUserDialog } from "./edit-user-dialog.tsx";
import { NewUserDialog } from "./new-user-dialog.tsx";
import { RolesDialog } from "./roles-dialog.tsx";

export function UsersView() {
  const { user: me } = useShell();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const list = useInfiniteQuery(trpc.user.list.infiniteQueryOptions({ limit: 50, ...(debounced ? { search: debounced } : {}) }, CURSOR_PAGES));
  const [creating, setCreating] = useState(false);
  const [rolesOf, setRolesOf] = useState<UserRow | null>(null);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const invalidate = trpc.user.list.pathKey();
  const update = useListMutation(trpc.user.update.mutationOptions(), {
    success: (u, input) =>
      input.disabled !== undefined ? `${u.email} ${u.disabled ? "disabled" : "enabled"}` : input.isOps !== undefined ? `${u.email} ${u.isOps ? "is now" : "is no longer"} ops` : null,
    failure: "Could not update the user",
    invalidate,
  });
  const deleting = useRowConfirm(trpc.user.delete.mutationOptions(), (u: UserRow) => ({ id: u.id }), {
    success: (u) => `User ${u.email} deleted`,
    failure: "Could not delete the user",
    invalidate,
  });
  const resettingTwoFactor = useRowConfirm(trpc.user.resetTwoFactor.mutationOptions(), (u: UserRow) => ({ id: u.id }), {
    success: (u) => `Two-factor sign-in of ${u.email} reset: they set it up again at their next sign-in`,
    failure: "Could not reset two-factor sign-in",
    invalidate,
  });
  const users = useRows(list);
  const columns = useMemo(
    () => [
      column<UserRow>("user", "User", (u) => (
        <>
          <span className="block font-medium">{u.email}</span>
          <span className="block text-xs text-muted-foreground">
            {u.name ?? "—"}
            {u.hasPassword ? "" : " · SSO only"}
            {u.hasTwoFactor ? " · two-factor on" : ""}
            {u.id === me.id ? " · you" : ""}
          </span>
        </>
      )),
      column<UserRow>("roles", "Workspaces and roles", (u) => (
        <div className="flex flex-wrap items-center gap-1.5">
          {u.memberships.length === 0 ? <span className="text-xs text-muted-foreground">No access</span> : null}
          {u.memberships.map((m) => (
            <Badge key={m.workspaceId} tone={m.role === "admin" ? "info" : "neutral"}>
              {m.workspaceName}: {m.role}
            </Badge>
          ))}
          <Button variant="ghost" size="sm" onClick={() => setRolesOf(u)} aria-label={`Change roles of ${u.email}`}>
            Change
          </Button>
        </div>
      )),
      column<UserRow>("ops", "Ops", (u) => (
        <input
          type="checkbox"
          className="h-4 w-4 accent-primary"
          aria-label={`Ops access for ${u.email}`}
          checked={u.isOps}
          // Users' flags are instance admins' to change; a workspace admin manages roles only.
          disabled={update.isPending || !me.isInstanceAdmin}
          onChange={(e) => update.mutate({ id: u.id, isOps: e.target.checked })}
        />
      )),
      column<UserRow>("status", "Status", (u) => (u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>)),
      column<UserRow>("lastLogin", "Last sign-in", (u) => <LocalTime value={u.lastLoginAt} />),
      actionsColumn<UserRow>((u) => {
        const self = u.id === me.id;
        if (!me.isInstanceAdmin) return null;
        return (
          <>
            <Button variant="ghost" size="sm" aria-label={`Edit name of ${u.email}`} onClick={() => setEditing(u)}>
              <Pencil className="h-3.5 w-3.5" aria-hidden />
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={self || update.isPending}
              title={self ? "You cannot disable yourself" : undefined}
              onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}
            >
              {u.disabled ? "Enable" : "Disable"}
            </Button>
            {u.hasTwoFactor && !self ? (
              <Button variant="ghost" size="sm" aria-label={`Reset two-factor sign-in of ${u.email}`} onClick={() => resettingTwoFactor.ask(u)}>
                Reset 2FA
              </Button>
            ) : null}
            <Button variant="ghost" size="sm" disabled={self} aria-label={`Delete ${u.email}`} onClick={() => deleting.ask(u)}>
              <Trash2 className="h-3.5 w-3.5 text-destructive" aria-hidden />
            </Button>
          </>
        );
      }),
    ],
    [me.id, me.isInstanceAdmin, update, deleting, resettingTwoFactor],
  );
  return (
    <>
      <PageHeader
        title="Users & roles"
        description="Who may sign in, and their role in each workspace: viewer, operator or admin."
        actions={
          me.isInstanceAdmin ? (
            <Button onClick={() => setCreating(true)}>
              <Plus className="h-4 w-4" aria-hidden /> New user
            </Button>
          ) : null
        }
      />
      <SearchBox label="Search users" placeholder="Search by email or name" value={search} onChange={setSearch} />
      <DataTable
        label="Users"
        columns={columns}
        rows={users}
        getRowId={(u) => u.id}
        query={list}
        errorTitle="Could not load users"
        empty={{ icon: <Users />, title: debounced ? `No user matches "${debounced}"` : "No users yet" }}
      />
      {creating ? <NewUserDialog open onOpenChange={setCreating} /> : null}
      {editing ? <EditUserDialog user={editing} onClose={() => setEditing(null)} /> : null}
      {rolesOf ? <RolesDialog user={users.find((u) => u.id === rolesOf.id) ?? rolesOf} onClose={() => setRolesOf(null)} /> : null}
      <RowConfirmDialog action={deleting} title={(u) => `Delete ${u.email}?`} confirmLabel="Delete user">
        {(u) => (
          <p>
            <strong>{u.email}</strong> loses access to {u.memberships.length ? u.memberships.map((m) => m.workspaceName).join(", ") : "the portal"} immediately.
            Audit entries keep the email. To keep the account but block sign-in, disable it instead.
          </p>
        )}
      </RowConfirmDialog>
      <RowConfirmDialog action={resettingTwoFactor} title={(u) => `Reset two-factor sign-in of ${u.email}?`} confirmLabel="Reset two-factor">
        {(u) => (
          <p>
            <strong>{u.email}</strong> is signed out everywhere, their authenticator app and recovery codes stop working, and they sign in
            with their password alone until they set two-factor up again. The reset is recorded in the audit log.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}
