"use client";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus, Server } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  Badge, Button, EmptyState, ErrorState, Input, LoadMore, PageHeader, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { groupsProtecting } from "./source-model.ts";
import { RegisterWizard } from "./register-wizard.tsx";

const STATUS_TONE: Record<string, "success" | "warning" | "info"> = { Finished: "success", Pending: "warning", RefreshInProgress: "info", Scheduled: "info" };

export function SourcesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const [registering, setRegistering] = useState(false);
  const list = useInfiniteQuery(
    trpc.source.list.infiniteQueryOptions(
      { limit: 50, ...(debounced ? { search: debounced } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  // "Protected" = covered by a group; the upstream has no per-registration flag, so the groups
  // (first 100) are matched against the host and volume object ids.
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const connections = useQuery(trpc.connection.list.queryOptions({ limit: 100 }));
  const connectionName = (id: string | undefined) => connections.data?.items.find((c) => c.connectionId === id)?.connectionName ?? id ?? "—";
  const sources = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Sources"
        description="Hosts registered for protection. A host runs the Lifeboat agent, which reports its volumes."
        actions={canEdit ? <Button onClick={() => setRegistering(true)}><Plus className="h-4 w-4" aria-hidden /> Register source</Button> : null}
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by name or host" aria-label="Search sources" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? <ErrorState message={errorMessage(list.error, "Could not load sources")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} /> : null}
      {list.isSuccess && sources.length === 0 ? (
        <EmptyState
          icon={<Server />}
          title={debounced ? `No source matches "${debounced}"` : "No sources registered"}
          action={canEdit && !debounced ? <Button onClick={() => setRegistering(true)}>Register a source</Button> : undefined}
        >
          {debounced ? <p>Try another name or host.</p> : <p>Install the agent on a host (Connections → registration token), then register the host here to protect it.</p>}
        </EmptyState>
      ) : null}
      {sources.length > 0 ? (
        <Table aria-label="Sources">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Host</TableHeaderCell>
              <TableHeaderCell>Connection</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last refresh</TableHeaderCell>
              <TableHeaderCell>Protection</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {sources.map((s) => {
              const covering = groups.data ? groupsProtecting(s, groups.data.items) : null;
              return (
                <TableRow key={s.id}>
                  <TableCell>
                    <Link href={`/sources/${s.id}`} className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                      {s.name ?? s.sourceInfo?.name ?? `Source ${s.id}`}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {s.sourceInfo?.name ?? "—"}
                    <span className="block text-xs text-muted-foreground">{s.physicalParams?.endpoint ?? ""} · {s.sourceInfo?.childObjects?.length ?? 0} volumes</span>
                  </TableCell>
                  <TableCell>{connectionName(s.dataSourceConnectionId)}</TableCell>
                  <TableCell>{s.authenticationStatus ? <Badge tone={STATUS_TONE[s.authenticationStatus] ?? "neutral"}>{s.authenticationStatus === "Finished" ? "Registered" : s.authenticationStatus}</Badge> : "—"}</TableCell>
                  <TableCell><LocalTime value={s.lastRefreshedTimeMsecs ? new Date(s.lastRefreshedTimeMsecs) : null} /></TableCell>
                  <TableCell>
                    {covering === null ? "…" : covering.length > 0 ? <Badge tone="success" title={covering.map((g) => g.name).join(", ")}>Protected ({covering.length})</Badge> : <Badge tone="warning">Not protected</Badge>}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
      <RegisterWizard open={registering} onOpenChange={setRegistering} onRegistered={(s) => router.push(`/sources/${s.id}`)} />
    </>
  );
}
