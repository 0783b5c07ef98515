"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { KeyRound, Network, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button, PageHeader } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { SearchBox } from "@/components/common/list-filters.tsx";
import { RowConfirmDialog, useRowConfirm } from "@/components/common/row-action.tsx";
import { useEngineUrl } from "@/components/common/use-engine-url.ts";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { listHref } from "@/lib/list-params.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { ConnectionNameDialog } from "./create-connection-dialog.tsx";
import { TokenDialog } from "./token-dialog.tsx";

type Conn = { connectionId: string; connectionName: string; connectorIds?: string[] | undefined };
const LINK = "text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function ConnectionsView() {
  const trpc = useTRPC();
  const isAdmin = useIsAdmin();
  const engineUrl = useEngineUrl();
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Conn | null>(null);
  const [tokenFor, setTokenFor] = useState<Conn | null>(null);
  const list = useInfiniteQuery(trpc.connection.list.infiniteQueryOptions({ limit: 50, ...(debounced ? { search: debounced } : {}) }, CURSOR_PAGES));
  const deleting = useRowConfirm(trpc.connection.delete.mutationOptions(), (c: Conn) => ({ connectionId: c.connectionId, idempotencyKey: crypto.randomUUID() }), {
    success: (c) => `Connection ${c.connectionName} deleted`,
    failure: "The connection was not deleted",
    invalidate: trpc.connection.list.queryKey(),
  });
  const loaded = useRows(list);
  const rows = useMemo(() => loaded.filter((c): c is typeof c & Conn => Boolean(c.connectionId)), [loaded]);
  const columns = [
    column<Conn>("name", "Name", (c) => c.connectionName, "font-medium"),
    column<Conn>("connectors", "Connectors", (c) => (
      <Link className={LINK} href={listHref.connectors("/connectors", { connectionId: c.connectionId })}>
        {c.connectorIds?.length ?? 0} connector{c.connectorIds?.length === 1 ? "" : "s"}
      </Link>
    )),
    column<Conn>("id", "ID", (c) => c.connectionId, "font-mono text-xs text-muted-foreground"),
    ...(isAdmin
      ? [
          actionsColumn<Conn>((c) => (
            <>
              <Button size="sm" variant="secondary" onClick={() => setTokenFor(c)}><KeyRound className="h-4 w-4" aria-hidden /> Registration token</Button>
              <Button size="sm" variant="ghost" aria-label={`Rename ${c.connectionName}`} onClick={() => setRenaming(c)}><Pencil className="h-4 w-4" aria-hidden /></Button>
              <Button size="sm" variant="ghost" aria-label={`Delete ${c.connectionName}`} onClick={() => deleting.ask(c)}><Trash2 className="h-4 w-4" aria-hidden /></Button>
            </>
          )),
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Connections"
        description="A connection groups the agents (connectors) of one site. Generate a registration token, then install the agent on each host with it."
        actions={isAdmin ? <Button onClick={() => setCreating(true)}><Plus className="h-4 w-4" aria-hidden /> New connection</Button> : null}
      />
      <SearchBox label="Search connections" placeholder="Search by name" value={search} onChange={setSearch} />
      <DataTable
        label="Connections"
        columns={columns}
        rows={rows}
        getRowId={(c) => c.connectionId}
        query={list}
        errorTitle="Could not load connections"
        empty={{
          icon: <Network />,
          title: debounced ? `No connection matches "${debounced}"` : "No connections yet",
          action: isAdmin && !debounced ? <Button onClick={() => setCreating(true)}>Create a connection</Button> : undefined,
          children: <p>{debounced ? "Try another name." : "Create a connection, generate its registration token and install the agent on your hosts."}</p>,
        }}
      />
      {creating ? <ConnectionNameDialog open onOpenChange={setCreating} onSaved={(c) => c.connectionId && setTokenFor({ connectionId: c.connectionId, connectionName: c.connectionName })} /> : null}
      {renaming ? <ConnectionNameDialog open existing={renaming} onOpenChange={(o) => !o && setRenaming(null)} /> : null}
      <TokenDialog connection={tokenFor} onOpenChange={(o) => !o && setTokenFor(null)} engineUrl={engineUrl} />
      <RowConfirmDialog action={deleting} title={(c) => `Delete connection ${c.connectionName}?`} confirmLabel="Delete connection">
        {(c) => (
          <p>
            Its {c.connectorIds?.length ?? 0} connector(s) lose their registration and their agents stop; unused registration tokens stop working. Sources
            registered through it can no longer be backed up.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}
