"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Cable, Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import {
  Badge, Button, ConfirmDialog, Dialog, EmptyState, ErrorState, Field, Input, LoadMore, PageHeader, Select, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton, toast,
} from "@lifeboat/ui";
import { useIsAdmin } from "@/components/shell/shell-context.tsx";
import { formatExact } from "@/lib/format-time.ts";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { connectorsHref, hostOf, lastSeen, relativeTime, resticOf, type ConnectorStatusFilter } from "./connector-model.ts";

type Target = { connectorId: string; name: string; host: string | null };

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function ConnectorsView({ connectionId, status }: { connectionId?: string | undefined; status?: ConnectorStatusFilter | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const isAdmin = useIsAdmin();
  const now = useNow(15_000);
  const [renaming, setRenaming] = useState<Target | null>(null);
  const [deleting, setDeleting] = useState<Target | null>(null);
  const connections = useQuery(trpc.connection.list.queryOptions({ limit: 100 }));
  // Heartbeats arrive every few seconds: refresh the status every 15 s while the page is open.
  const list = useInfiniteQuery(
    trpc.connector.list.infiniteQueryOptions(
      { limit: 100, ...(connectionId ? { connectionId } : {}) },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData, refetchInterval: 15_000 },
    ),
  );
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: trpc.connector.list.queryKey() });
  const remove = useMutation(
    trpc.connector.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Connector ${deleting?.name ?? ""} deleted; its agent stops at its next heartbeat`);
        setDeleting(null);
        invalidate();
      },
      onError: (e) => toast.error(errorMessage(e, "The connector was not deleted")),
    }),
  );
  const connectionName = (id: string | undefined) => connections.data?.items.find((c) => c.connectionId === id)?.connectionName ?? id ?? "—";
  // The upstream has no connectivity filter (§10): the loaded connectors are filtered here.
  const all = list.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = status ? all.filter((c) => (c.connectivityStatus?.isConnected ?? false) === (status === "connected")) : all;
  return (
    <>
      <PageHeader
        title="Connectors"
        description="Each connector is a Lifeboat agent on a host. It is connected while it sends heartbeats."
      />
      <div className="mb-4 grid max-w-xl grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label="Connection">
          <Select value={connectionId ?? ""} onChange={(e) => router.push(connectorsHref(e.target.value || undefined, status))}>
            <option value="">All connections</option>
            {connections.data?.items.map((c) => <option key={c.connectionId} value={c.connectionId}>{c.connectionName}</option>)}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={status ?? ""} onChange={(e) => router.push(connectorsHref(connectionId, (e.target.value || undefined) as ConnectorStatusFilter | undefined))}>
            <option value="">Any</option>
            <option value="connected">Connected</option>
            <option value="disconnected">Disconnected</option>
          </Select>
        </Field>
      </div>
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? <ErrorState message={errorMessage(list.error, "Could not load connectors")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} /> : null}
      {list.isSuccess && all.length === 0 ? (
        <EmptyState icon={<Cable />} title="No connectors yet">
          <p>Generate a registration token on the Connections page and install the agent on a host: it appears here once it registers.</p>
        </EmptyState>
      ) : null}
      {list.isSuccess && all.length > 0 && rows.length === 0 ? (
        <EmptyState icon={<Cable />} title={status === "disconnected" ? "Every connector is connected" : "No connector is connected"}>
          <p>{status === "disconnected" ? "Nothing to fix here." : "Check that the agents run and can reach the engine."} Set Status to Any to see them all.</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Connectors">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last heartbeat</TableHeaderCell>
              <TableHeaderCell>Host</TableHeaderCell>
              <TableHeaderCell>Version</TableHeaderCell>
              <TableHeaderCell>restic</TableHeaderCell>
              <TableHeaderCell>Connection</TableHeaderCell>
              {isAdmin ? <TableHeaderCell><span className="sr-only">Actions</span></TableHeaderCell> : null}
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((c) => {
              const seen = lastSeen(c);
              const restic = resticOf(c);
              const target: Target = { connectorId: c.connectorId ?? "", name: c.connectorName ?? `Connector ${c.connectorId}`, host: hostOf(c) };
              return (
                <TableRow key={c.connectorId}>
                  <TableCell className="font-medium">{target.name}</TableCell>
                  <TableCell>
                    {c.connectivityStatus?.isConnected ? <Badge tone="success" title={c.connectivityStatus.message}>Connected</Badge> : <Badge tone="danger" title={c.connectivityStatus?.message}>Disconnected</Badge>}
                  </TableCell>
                  <TableCell>
                    {seen ? <time dateTime={seen.toISOString()} title={formatExact(seen)} className="whitespace-nowrap">{relativeTime(seen, now)}</time> : "—"}
                  </TableCell>
                  <TableCell>
                    {target.host ?? <span className="text-muted-foreground" title="This backend does not report the host name on the connector">Not reported</span>}
                    {c.tenantSideIp ? <span className="block text-xs text-muted-foreground">{c.tenantSideIp}</span> : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{c.softwareVersion ?? "—"}</TableCell>
                  <TableCell>
                    {restic.state === "present" ? <Badge tone="success">restic {restic.version}</Badge> : restic.state === "missing" ? <Badge tone="warning" title="Install restic 0.14+ on the host (apt-get install restic)">Missing</Badge> : <Badge title="This backend does not report restic on the connector">Not reported</Badge>}
                  </TableCell>
                  <TableCell>{connectionName(c.connectionId)}</TableCell>
                  {isAdmin ? (
                    <TableCell className="text-right whitespace-nowrap">
                      <Button size="sm" variant="ghost" aria-label={`Rename ${target.name}`} onClick={() => setRenaming(target)}><Pencil className="h-4 w-4" aria-hidden /></Button>
                      <Button size="sm" variant="ghost" aria-label={`Delete ${target.name}`} onClick={() => setDeleting(target)}><Trash2 className="h-4 w-4" aria-hidden /></Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
      {renaming ? <RenameConnectorDialog target={renaming} onClose={() => setRenaming(null)} onDone={invalidate} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete connector ${deleting?.name ?? ""}?`}
        confirmLabel="Delete connector"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ connectorId: deleting.connectorId, idempotencyKey: crypto.randomUUID() })}
      >
        <p>
          The agent on host <strong>{deleting?.host ?? deleting?.name}</strong> is unregistered and stops. Backups of that host stop until an agent registers
          again with a new registration token.
        </p>
      </ConfirmDialog>
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
