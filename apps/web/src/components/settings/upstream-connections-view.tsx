"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Link2, Pencil, Plus, Trash2, Zap } from "lucide-react";
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
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { UpstreamConnectionRow } from "@/trpc/types.ts";
import { ConnectionFormDialog } from "./connection-form-dialog.tsx";

function TestOutcome({ row }: { row: UpstreamConnectionRow }) {
  if (row.lastTestOk === null || row.lastTestOk === undefined) return <Badge>Not tested</Badge>;
  return (
    <span className="flex flex-col gap-0.5">
      <span className="flex items-center gap-2">
        <Badge tone={row.lastTestOk ? "success" : "danger"}>{row.lastTestOk ? "OK" : "Failed"}</Badge>
        {row.lastTestLatencyMs !== null ? <span className="text-xs text-muted-foreground">{row.lastTestLatencyMs} ms</span> : null}
      </span>
      {!row.lastTestOk && row.lastTestMessage ? <span className="max-w-xs text-xs text-destructive">{row.lastTestMessage}</span> : null}
      <span className="text-xs text-muted-foreground">
        <LocalTime value={row.lastTestedAt} />
      </span>
    </span>
  );
}

export function UpstreamConnectionsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.upstreamConnection.list.queryOptions({ limit: 100 }));
  const [editing, setEditing] = useState<UpstreamConnectionRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<UpstreamConnectionRow | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.upstreamConnection.list.queryKey() });

  const test = useMutation(
    trpc.upstreamConnection.test.mutationOptions({
      onSuccess: async (result) => {
        if (result.ok) toast.success(`Connection works (${result.latencyMs} ms)`);
        else toast.error(`Test failed after ${result.latencyMs} ms: ${result.message}`);
        await invalidate();
      },
      onError: (error) => toast.error(errorMessage(error, "Could not run the test")),
    }),
  );
  const remove = useMutation(
    trpc.upstreamConnection.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Upstream connection "${deleting?.name}" deleted`);
        setDeleting(null);
        await invalidate();
      },
      onError: (error) => toast.error(errorMessage(error, "Could not delete the connection")),
    }),
  );

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Upstream connections"
        description="Backup and Recovery services the portal talks to (IBM Cloud or the bundled engine). Each workspace uses one."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden /> New connection
          </Button>
        }
      />
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? (
        <ErrorState
          message={errorMessage(list.error, "Could not load the upstream connections")}
          action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>}
        />
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon={<Link2 />} title="No upstream connections yet" action={<Button onClick={() => setCreating(true)}>New connection</Button>}>
          <p>Add the service URL, tenant id and API key of an IBM Cloud Backup and Recovery instance or of the bundled engine.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Table aria-label="Upstream connections">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>Service URL</TableHeaderCell>
              <TableHeaderCell>Tenant</TableHeaderCell>
              <TableHeaderCell>Workspaces</TableHeaderCell>
              <TableHeaderCell>Last test</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="font-medium">{row.name}</TableCell>
                <TableCell>
                  <Badge tone={row.kind === "ibm" ? "info" : "neutral"}>{row.kind === "ibm" ? "IBM Cloud" : "Engine"}</Badge>
                </TableCell>
                <TableCell className="max-w-72 truncate font-mono text-xs" title={row.serviceUrl}>
                  {row.serviceUrl}
                </TableCell>
                <TableCell className="font-mono text-xs">{row.tenantId}</TableCell>
                <TableCell>{row.workspaces.length ? row.workspaces.map((w) => w.name).join(", ") : <span className="text-muted-foreground">None</span>}</TableCell>
                <TableCell>
                  <TestOutcome row={row} />
                </TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="secondary"
                      size="sm"
                      loading={test.isPending && test.variables?.id === row.id}
                      onClick={() => test.mutate({ id: row.id })}
                      aria-label={`Test ${row.name}`}
                    >
                      <Zap className="h-3.5 w-3.5" aria-hidden /> Test
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setEditing(row)} aria-label={`Edit ${row.name}`}>
                      <Pencil className="h-3.5 w-3.5" aria-hidden />
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setDeleting(row)} aria-label={`Delete ${row.name}`}>
                      <Trash2 className="h-3.5 w-3.5 text-destructive" aria-hidden />
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {creating ? <ConnectionFormDialog open onOpenChange={setCreating} /> : null}
      {editing ? <ConnectionFormDialog open connection={editing} onOpenChange={(o) => !o && setEditing(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={`Delete "${deleting.name}"?`}
          confirmLabel="Delete connection"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: deleting.id })}
        >
          {deleting.workspaces.length ? (
            <p>
              Workspaces <strong>{deleting.workspaces.map((w) => w.name).join(", ")}</strong> use this connection and would lose
              access to their backups. The portal refuses the deletion until they are bound to another connection
              on the{" "}
              <Link href="/settings/workspaces" className="font-medium text-primary underline underline-offset-2">
                Workspaces
              </Link>{" "}
              page.
            </p>
          ) : (
            <p>No workspace uses this connection. Its stored API key is deleted with it; this cannot be undone.</p>
          )}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
