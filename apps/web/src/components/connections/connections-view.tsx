"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Network, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  Button, ConfirmDialog, EmptyState, ErrorState, Input, LoadMore, PageHeader, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton, toast,
} from "@lifeboat/ui";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { ConnectionNameDialog } from "./create-connection-dialog.tsx";
import { TokenDialog } from "./token-dialog.tsx";
import { useEngineUrl } from "@/components/common/use-engine-url.ts";

type Conn = { connectionId: string; connectionName: string; connectorIds?: string[] | undefined };

export function ConnectionsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const engineUrl = useEngineUrl();
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Conn | null>(null);
  const [tokenFor, setTokenFor] = useState<Conn | null>(null);
  const [deleting, setDeleting] = useState<Conn | null>(null);
  const list = useInfiniteQuery(
    trpc.connection.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}) },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const remove = useMutation(
    trpc.connection.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Connection ${deleting?.connectionName ?? ""} deleted`);
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.connection.list.queryKey() });
      },
      onError: (e) => toast.error(errorMessage(e, "The connection was not deleted")),
    }),
  );
  const rows = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((c): c is typeof c & Conn => Boolean(c.connectionId));
  return (
    <>
      <PageHeader
        title="Connections"
        description="A connection groups the agents (connectors) of one site. Generate a registration token, then install the agent on each host with it."
        actions={isAdmin ? <Button onClick={() => setCreating(true)}><Plus className="h-4 w-4" aria-hidden /> New connection</Button> : null}
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by name" aria-label="Search connections" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {list.isPending ? <TableSkeleton columns={3} /> : null}
      {list.isError ? <ErrorState message={errorMessage(list.error, "Could not load connections")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} /> : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState
          icon={<Network />}
          title={debounced ? `No connection matches "${debounced}"` : "No connections yet"}
          action={isAdmin && !debounced ? <Button onClick={() => setCreating(true)}>Create a connection</Button> : undefined}
        >
          <p>{debounced ? "Try another name." : "Create a connection, generate its registration token and install the agent on your hosts."}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Connections">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Connectors</TableHeaderCell>
              <TableHeaderCell>ID</TableHeaderCell>
              {isAdmin ? <TableHeaderCell><span className="sr-only">Actions</span></TableHeaderCell> : null}
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((c) => (
              <TableRow key={c.connectionId}>
                <TableCell className="font-medium">{c.connectionName}</TableCell>
                <TableCell>
                  <Link className="text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" href={`/connectors?connectionId=${c.connectionId}`}>
                    {c.connectorIds?.length ?? 0} connector{c.connectorIds?.length === 1 ? "" : "s"}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs text-muted-foreground">{c.connectionId}</TableCell>
                {isAdmin ? (
                  <TableCell className="text-right whitespace-nowrap">
                    <Button size="sm" variant="secondary" onClick={() => setTokenFor(c)}><KeyRound className="h-4 w-4" aria-hidden /> Registration token</Button>{" "}
                    <Button size="sm" variant="ghost" aria-label={`Rename ${c.connectionName}`} onClick={() => setRenaming(c)}><Pencil className="h-4 w-4" aria-hidden /></Button>
                    <Button size="sm" variant="ghost" aria-label={`Delete ${c.connectionName}`} onClick={() => setDeleting(c)}><Trash2 className="h-4 w-4" aria-hidden /></Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
      {creating ? <ConnectionNameDialog open onOpenChange={setCreating} onSaved={(c) => c.connectionId && setTokenFor({ connectionId: c.connectionId, connectionName: c.connectionName })} /> : null}
      {renaming ? <ConnectionNameDialog open existing={renaming} onOpenChange={(o) => !o && setRenaming(null)} /> : null}
      <TokenDialog connection={tokenFor} onOpenChange={(o) => !o && setTokenFor(null)} engineUrl={engineUrl} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete connection ${deleting?.connectionName ?? ""}?`}
        confirmLabel="Delete connection"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ connectionId: deleting.connectionId, idempotencyKey: crypto.randomUUID() })}
      >
        <p>
          Its {deleting?.connectorIds?.length ?? 0} connector(s) lose their registration and their agents stop; unused registration tokens stop working.
          Sources registered through it can no longer be backed up.
        </p>
      </ConfirmDialog>
    </>
  );
}
