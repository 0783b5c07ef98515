"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Users } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  Input,
  LoadMore,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  TableSkeleton,
  toast,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/local-time.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { UserRow } from "@/trpc/types.ts";
import { EditUserDialog } from "./edit-user-dialog.tsx";
import { NewUserDialog } from "./new-user-dialog.tsx";
import { RolesDialog } from "./roles-dialog.tsx";

export function UsersView() {
  const { user: me } = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const list = useInfiniteQuery(
    trpc.user.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}) },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // While a new filter loads, the previous rows stay instead of flashing a skeleton.
        placeholderData: keepPreviousData,
      },
    ),
  );
  const [creating, setCreating] = useState(false);
  const [rolesOf, setRolesOf] = useState<UserRow | null>(null);
  const [deleting, setDeleting] = useState<UserRow | null>(null);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.user.list.pathKey() });

  const update = useMutation(
    trpc.user.update.mutationOptions({
      onSuccess: async (u, input) => {
        await invalidate();
        if (input.disabled !== undefined) toast.success(`${u.email} ${u.disabled ? "disabled" : "enabled"}`);
        else if (input.isOps !== undefined) toast.success(`${u.email} ${u.isOps ? "is now" : "is no longer"} ops`);
      },
      onError: (error) => toast.error(errorMessage(error, "Could not update the user")),
    }),
  );
  const remove = useMutation(
    trpc.user.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`User ${deleting?.email} deleted`);
        setDeleting(null);
        await invalidate();
      },
      onError: (error) => toast.error(errorMessage(error, "Could not delete the user")),
    }),
  );

  const users = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Users & roles"
        description="Who may sign in, and their role in each workspace: viewer, operator or admin."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New user
          </Button>
        }
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by email or name" aria-label="Search users" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? (
        <ErrorState message={errorMessage(list.error, "Could not load users")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && users.length === 0 ? (
        <EmptyState icon={<Users />} title={debounced ? `No user matches "${debounced}"` : "No users yet"} />
      ) : null}
      {users.length > 0 ? (
        <Table aria-label="Users">
          <TableHead>
            <tr>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Workspaces and roles</TableHeaderCell>
              <TableHeaderCell>Ops</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last sign-in</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {users.map((u) => {
              const self = u.id === me.id;
              return (
                <TableRow key={u.id}>
                  <TableCell>
                    <span className="block font-medium">{u.email}</span>
                    <span className="block text-xs text-muted-foreground">
                      {u.name ?? "—"}
                      {u.hasPassword ? "" : " · SSO only"}
                      {self ? " · you" : ""}
                    </span>
                  </TableCell>
                  <TableCell>
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
                  </TableCell>
                  <TableCell>
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-primary"
                      aria-label={`Ops access for ${u.email}`}
                      checked={u.isOps}
                      disabled={update.isPending}
                      onChange={(e) => update.mutate({ id: u.id, isOps: e.target.checked })}
                    />
                  </TableCell>
                  <TableCell>{u.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</TableCell>
                  <TableCell>
                    <LocalTime value={u.lastLoginAt} />
                  </TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
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
                      <Button variant="ghost" size="sm" disabled={self} aria-label={`Delete ${u.email}`} onClick={() => setDeleting(u)}>
                        <Trash2 className="h-3.5 w-3.5 text-destructive" aria-hidden />
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
      {creating ? <NewUserDialog open onOpenChange={setCreating} /> : null}
      {editing ? <EditUserDialog user={editing} onClose={() => setEditing(null)} /> : null}
      {rolesOf ? <RolesDialog user={users.find((u) => u.id === rolesOf.id) ?? rolesOf} onClose={() => setRolesOf(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={`Delete ${deleting.email}?`}
          confirmLabel="Delete user"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: deleting.id })}
        >
          <p>
            <strong>{deleting.email}</strong> loses access to{" "}
            {deleting.memberships.length ? deleting.memberships.map((m) => m.workspaceName).join(", ") : "the portal"} immediately. Audit entries keep
            the email. To keep the account but block sign-in, disable it instead.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
