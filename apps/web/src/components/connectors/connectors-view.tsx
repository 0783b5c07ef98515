"use client";
// Connectors (agents on hosts) of every connection, filtered by connection (server) and by
// connectivity (here: the upstream has no such filter, §10); both filters live in the URL.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Cable, Pencil, Trash2 } from "lucide-react";
import { useQueryStates } from "nuqs";
import { useEffect, useMemo, useState } from "react";
import { Badge, Button, Dialog, ErrorState, Field, Input, PageHeader, toast } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter } from "@/components/common/list-filters.tsx";
import { RowConfirmDialog, useRowConfirm } from "@/components/common/row-action.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { hostOf, lastSeen, relativeTime, resticOf } from "@/lib/connector-model.ts";
import { formatExact } from "@/lib/format-time.ts";
import { connectorListParams } from "@/lib/list-params.ts";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";

type ConnectorRow = RouterOutputs["connector"]["list"]["items"][number];
type Target = { connectorId: string; name: string; host: string | null };
const targetOf = (c: ConnectorRow): Target => ({ connectorId: c.connectorId ?? "", name: c.connectorName ?? `Connector ${c.connectorId}`, host: hostOf(c) });

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function ConnectorsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const now = useNow(15_000);
  const [{ connectionId, status }, setFilters] = useQueryStates(connectorListParams, { history: "push" });
  const [renaming, setRenaming] = useState<Target | null>(null);
  const connections = useQuery(trpc.connection.list.queryOptions({ limit: 100 }));
  // Heartbeats arrive every few seconds: refresh the status every 15 s while the page is open.
  const list = useInfiniteQuery(trpc.connector.list.infiniteQueryOptions({ limit: 100, ...(connectionId ? { connectionId } : {}) }, { ...CURSOR_PAGES, refetchInterval: 15_000 }));
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: trpc.connector.list.queryKey() });
  const deleting = useRowConfirm(trpc.connector.delete.mutationOptions(), (t: Target) => ({ connectorId: t.connectorId, idempotencyKey: crypto.randomUUID() }), {
    success: (t) => `Connector ${t.name} deleted; its agent stops at its next heartbeat`,
    failure: "The connector was not deleted",
    invalidate: trpc.connector.list.queryKey(),
  });
  const connectionName = (id: string | undefined) => connections.data?.items.find((c) => c.connectionId === id)?.connectionName ?? id ?? "—";
  const all = useRows(list);
  const rows = useMemo(() => (status ? all.filter((c) => (c.connectivityStatus?.isConnected ?? false) === (status === "connected")) : all), [all, status]);
  const columns = [
    column<ConnectorRow>("name", "Name", (c) => targetOf(c).name, "font-medium"),
    column<ConnectorRow>("status", "Status", (c) =>
      c.connectivityStatus?.isConnected ? <Badge tone="success" title={c.connectivityStatus.message}>Connected</Badge> : <Badge tone="danger" title={c.connectivityStatus?.message}>Disconnected</Badge>,
    ),
    column<ConnectorRow>("seen", "Last heartbeat", (c) => {
      const seen = lastSeen(c);
      return seen ? <time dateTime={seen.toISOString()} title={formatExact(seen)} className="whitespace-nowrap">{relativeTime(seen, now)}</time> : "—";
    }),
    column<ConnectorRow>("host", "Host", (c) => (
      <>
        {hostOf(c) ?? <span className="text-muted-foreground" title="This backend does not report the host name on the connector">Not reported</span>}
        {c.tenantSideIp ? <span className="block text-xs text-muted-foreground">{c.tenantSideIp}</span> : null}
      </>
    )),
    column<ConnectorRow>("version", "Version", (c) => c.softwareVersion ?? "—", "font-mono text-xs"),
    column<ConnectorRow>("restic", "restic", (c) => {
      const restic = resticOf(c);
      return restic.state === "present" ? <Badge tone="success">restic {restic.version}</Badge> : restic.state === "missing" ? <Badge tone="warning" title="Install restic 0.14+ on the host (apt-get install restic)">Missing</Badge> : <Badge title="This backend does not report restic on the connector">Not reported</Badge>;
    }),
    column<ConnectorRow>("connection", "Connection", (c) => connectionName(c.connectionId)),
    ...(isAdmin
      ? [
          actionsColumn<ConnectorRow>((c) => {
            const target = targetOf(c);
            return (
              <>
                <Button size="sm" variant="ghost" aria-label={`Rename ${target.name}`} onClick={() => setRenaming(target)}><Pencil className="h-4 w-4" aria-hidden /></Button>
                <Button size="sm" variant="ghost" aria-label={`Delete ${target.name}`} onClick={() => deleting.ask(target)}><Trash2 className="h-4 w-4" aria-hidden /></Button>
              </>
            );
          }),
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title="Connectors" description="Each connector is a Lifeboat agent on a host. It is connected while it sends heartbeats." />
      <FilterBar label="Connector filters" className="max-w-xl xl:grid-cols-2">
        <SelectFilter
          label="Connection"
          value={connectionId}
          onChange={(v) => void setFilters({ connectionId: v })}
          options={connections.data?.items.flatMap((c) => (c.connectionId ? [[c.connectionId, c.connectionName ?? c.connectionId] as const] : [])) ?? []}
          any="All connections"
        />
        <SelectFilter
          label="Status"
          value={status}
          onChange={(v) => void setFilters({ status: v })}
          options={[
            ["connected", "Connected"],
            ["disconnected", "Disconnected"],
          ]}
        />
      </FilterBar>
      <DataTable
        label="Connectors"
        columns={columns}
        rows={rows}
        getRowId={(c) => c.connectorId ?? ""}
        query={list}
        errorTitle="Could not load connectors"
        empty={
          all.length === 0
            ? { icon: <Cable />, title: "No connectors yet", children: <p>Generate a registration token on the Connections page and install the agent on a host: it appears here once it registers.</p> }
            : {
                icon: <Cable />,
                title: status === "disconnected" ? "Every connector is connected" : "No connector is connected",
                children: <p>{status === "disconnected" ? "Nothing to fix here." : "Check that the agents run and can reach the engine."} Set Status to Any to see them all.</p>,
              }
        }
      />
      {renaming ? <RenameConnectorDialog target={renaming} onClose={() => setRenaming(null)} onDone={invalidate} /> : null}
      <RowConfirmDialog action={deleting} title={(t) => `Delete connector ${t.name}?`} confirmLabel="Delete connector">
        {(t) => (
          <p>
            The agent on host <strong>{t.host ?? t.name}</strong> is unregistered and stops. Backups of that host stop until an agent registers again with a new
            registration token.
          </p>
        )}
      </RowConfirmDialog>
    </>
  );
}

function RenameConnectorDialog({ target, onClose, onDone }: { target: Target; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(target.name);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const rename = useMutation(
    trpc.connector.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Connector renamed to ${name.trim()}`);
        onDone();
        onClose();
      },
    }),
  );
  const problem = !name.trim() ? "Enter a name." : name.trim().length > 200 ? "Use at most 200 characters." : undefined;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Rename ${target.name}`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" form="rename-connector" loading={rename.isPending} disabled={Boolean(problem)}>Rename</Button>
        </>
      }
    >
      <form
        id="rename-connector"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) rename.mutate({ connectorId: target.connectorId, connectorName: name.trim(), idempotencyKey });
        }}
      >
        <Field label="Connector name" error={problem ?? fieldErrorsOf(rename.error).connectorName}>
          <Input value={name} autoFocus onChange={(e) => setName(e.target.value)} />
        </Field>
      </form>
      {rename.isError && !fieldErrorsOf(rename.error).connectorName ? <ErrorState message={errorMessage(rename.error)} /> : null}
    </Dialog>
  );
}
