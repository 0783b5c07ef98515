"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ErrorState,
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
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { WorkspaceFormDialog, type WorkspaceRow } from "./workspaces-form-dialog.tsx";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function WorkspacesView({ currentWorkspaceId }: { currentWorkspaceId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A user belongs to a handful of workspaces at most, so the BFF returns them all at once.
  const list = useQuery(trpc.workspace.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WorkspaceRow | null>(null);
  const [deleting, setDeleting] = useState<WorkspaceRow | null>(null);

  const remove = useMutation(
    trpc.workspace.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Workspace "${deleting?.name}" deleted`);
        setDeleting(null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workspace.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.upstreamConnection.list.queryKey() }),
        ]);
      },
      onError: (error) => toast.error(errorMessage(error, "Could not delete the workspace")),
    }),
  );

  const items = list.data ?? [];
  return (
    <>
      <PageHeader
        title="Workspaces"
        description="Each workspace has its own members, API tokens and one upstream connection where its backups live."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New workspace
          </Button>
        }
      />
      {list.isPending ? <TableSkeleton columns={5} /> : null}
      {list.isError ? (
        <ErrorState
          message={errorMessage(list.error, "Could not load the workspaces")}
          action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>}
        />
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon={<Building2 />} title="No workspaces yet" action={<Button onClick={() => setCreating(true)}>New workspace</Button>}>
          <p>Create a workspace, then bind it to an upstream connection so its members can see their backups.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Table aria-label="Workspaces">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Upstream connection</TableHeaderCell>
              <TableHeaderCell>Members</TableHeaderCell>
              <TableHeaderCell>API tokens</TableHeaderCell>
              <TableHeaderCell>Your role</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="font-medium">
                  {row.name}
                  {row.id === currentWorkspaceId ? (
                    <Badge tone="info" className="ml-2">
                      current
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell>
                  {row.connection ? (
                    <span className="flex items-center gap-2">
                      {row.connection.name}
                      <Badge>{row.connection.kind === "ibm" ? "IBM Cloud" : "Engine"}</Badge>
                    </span>
                  ) : (
                    <Badge tone="warning">Not bound</Badge>
                  )}
                </TableCell>
                <TableCell>{row.memberCount}</TableCell>
                <TableCell>{row.apiTokenCount}</TableCell>
                <TableCell>
                  <Badge>{row.role}</Badge>
                </TableCell>
                <TableCell>
                  {/* Renaming, rebinding and deleting need admin in that workspace (the BFF checks the role there). */}
                  {row.role !== "admin" ? (
                    <span className="block text-right text-xs text-muted-foreground">Admins of {row.name} only</span>
                  ) : (
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="sm" onClick={() => setEditing(row)} aria-label={`Edit ${row.name}`}>
                        <Pencil className="h-3.5 w-3.5" aria-hidden />
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setDeleting(row)}
                        // The BFF refuses to delete the workspace the admin is acting in (their admin right comes from it).
                        disabled={row.id === currentWorkspaceId}
                        title={row.id === currentWorkspaceId ? "Switch to another workspace to delete this one" : undefined}
                        aria-label={`Delete ${row.name}`}
                      >
                        <Trash2 className="h-3.5 w-3.5 text-destructive" aria-hidden />
                      </Button>
                    </div>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <p className="mt-4 text-sm text-muted-foreground">
        Add or edit upstream connections on the{" "}
        <Link href="/settings/upstream-connections" className="font-medium text-primary underline underline-offset-2">
          Upstream connections
        </Link>{" "}
        page; manage who belongs where on{" "}
        <Link href="/settings/users" className="font-medium text-primary underline underline-offset-2">
          Users &amp; roles
        </Link>
        .
      </p>
      {creating ? <WorkspaceFormDialog open onOpenChange={setCreating} /> : null}
      {editing ? <WorkspaceFormDialog open workspace={editing} onOpenChange={(o) => !o && setEditing(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={`Delete workspace "${deleting.name}"?`}
          confirmLabel="Delete workspace"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: deleting.id })}
        >
          <p>
            This removes its {plural(deleting.memberCount, "membership", "memberships")} and{" "}
            {plural(deleting.apiTokenCount, "API token", "API tokens")} (scripts using them stop working). This cannot be undone.
          </p>
          <p className="mt-2">
            The backup data upstream is <strong>not</strong> deleted
            {deleting.connection ? ` — it stays on "${deleting.connection.name}"` : ""}: bind another workspace to that connection to
            reach it again.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
