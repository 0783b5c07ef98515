"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus, Server } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Button, PageHeader } from "@lifeboat/ui";
import { column, DataTable } from "@/components/common/data-table.tsx";
import { SearchBox } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useShell } from "@/components/shell/shell-context.tsx";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { groupsProtecting } from "./source-model.ts";
import { RegisterWizard } from "./register-wizard.tsx";

type SourceRow = RouterOutputs["source"]["list"]["items"][number];
const STATUS_TONE: Record<string, "success" | "warning" | "info"> = { Finished: "success", Pending: "warning", RefreshInProgress: "info", Scheduled: "info" };
const LINK = "font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function SourcesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim(), 300);
  const [registering, setRegistering] = useState(false);
  const list = useInfiniteQuery(trpc.source.list.infiniteQueryOptions({ limit: 50, ...(debounced ? { search: debounced } : {}) }, CURSOR_PAGES));
  // "Protected" = covered by a group; the upstream has no per-registration flag, so the groups
  // (first 100) are matched against the host and volume object ids.
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const connections = useQuery(trpc.connection.list.queryOptions({ limit: 100 }));
  const connectionName = (id: string | undefined) => connections.data?.items.find((c) => c.connectionId === id)?.connectionName ?? id ?? "—";
  const sources = useRows(list);
  const columns = [
    column<SourceRow>("name", "Name", (s) => <Link href={`/sources/${s.id}`} className={LINK}>{s.name ?? s.sourceInfo?.name ?? `Source ${s.id}`}</Link>),
    column<SourceRow>("host", "Host", (s) => (
      <>
        {s.sourceInfo?.name ?? "—"}
        <span className="block text-xs text-muted-foreground">{s.physicalParams?.endpoint ?? ""} · {s.sourceInfo?.childObjects?.length ?? 0} volumes</span>
      </>
    )),
    column<SourceRow>("connection", "Connection", (s) => connectionName(s.dataSourceConnectionId)),
    column<SourceRow>("status", "Status", (s) => (s.authenticationStatus ? <Badge tone={STATUS_TONE[s.authenticationStatus] ?? "neutral"}>{s.authenticationStatus === "Finished" ? "Registered" : s.authenticationStatus}</Badge> : "—")),
    column<SourceRow>("refreshed", "Last refresh", (s) => <LocalTime value={s.lastRefreshedTimeMsecs ? new Date(s.lastRefreshedTimeMsecs) : null} />),
    column<SourceRow>("protection", "Protection", (s) => {
      const covering = groups.data ? groupsProtecting(s, groups.data.items) : null;
      return covering === null ? "…" : covering.length > 0 ? <Badge tone="success" title={covering.map((g) => g.name).join(", ")}>Protected ({covering.length})</Badge> : <Badge tone="warning">Not protected</Badge>;
    }),
  ];
  return (
    <>
      <PageHeader
        title="Sources"
        description="Hosts registered for protection. A host runs the Lifeboat agent, which reports its volumes."
        actions={canEdit ? <Button onClick={() => setRegistering(true)}><Plus className="h-4 w-4" aria-hidden /> Register source</Button> : null}
      />
      <SearchBox label="Search sources" placeholder="Search by name or host" value={search} onChange={setSearch} />
      <DataTable
        label="Sources"
        columns={columns}
        rows={sources}
        getRowId={(s) => String(s.id)}
        query={list}
        errorTitle="Could not load sources"
        empty={{
          icon: <Server />,
          title: debounced ? `No source matches "${debounced}"` : "No sources registered",
          action: canEdit && !debounced ? <Button onClick={() => setRegistering(true)}>Register a source</Button> : undefined,
          children: debounced ? <p>Try another name or host.</p> : <p>Install the agent on a host (Connections → registration token), then register the host here to protect it.</p>,
        }}
      />
      <RegisterWizard open={registering} onOpenChange={setRegistering} onRegistered={(s) => router.push(`/sources/${s.id}`)} />
    </>
  );
}
