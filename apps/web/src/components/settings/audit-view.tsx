"use client";
// The audit log: filters and sort live in the URL (lib/list-params.ts), the server sorts and pages
// by keyset (audit.list), the headers are TanStack Table's with manual sorting.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { debounce, useQueryStates } from "nuqs";
import { Badge, PageHeader } from "@lifeboat/ui";
import { column, DataTable, sortableColumn } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter, TextFilter } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { AUDIT_SORTS, auditListKeys, auditListParams, clearedFilters, isFiltered } from "@/lib/list-params.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { AuditRow } from "@/trpc/types.ts";
import { toAuditListInput } from "./audit-query.ts";

const COLUMNS = [
  sortableColumn<AuditRow>("at", "Time", (e) => <LocalTime value={e.at} />, { descFirst: true }),
  sortableColumn<AuditRow>("actor", "Who", (e) => <span title={e.actor}>{e.actor}</span>, { className: "max-w-56 truncate" }),
  sortableColumn<AuditRow>("procedure", "Procedure", (e) => e.procedure, { className: "font-mono text-xs" }),
  column<AuditRow>("outcome", "Outcome", (e) => (
    <>
      {e.outcome === "ok" ? <Badge tone="success">ok</Badge> : <Badge tone="danger">{e.errorCode ?? "error"}</Badge>}
      {e.upstreamRequestId ? <span className="block text-xs text-muted-foreground">req {e.upstreamRequestId}</span> : null}
    </>
  )),
  column<AuditRow>("targets", "Targets", (e) => <span title={e.targetIds.join(", ")}>{e.targetIds.length ? e.targetIds.join(", ") : "—"}</span>, "max-w-56 truncate font-mono text-xs"),
  column<AuditRow>("duration", "Duration", (e) => `${e.durationMs} ms`, "text-right tabular-nums"),
  column<AuditRow>("clientIp", "Client IP", (e) => e.clientIp ?? "—", "font-mono text-xs"),
];

export function AuditView() {
  const trpc = useTRPC();
  // Selects and the sort are history entries; typed text replaces the URL after a 300 ms pause.
  const [filters, setFilters] = useQueryStates(auditListParams, { urlKeys: auditListKeys, history: "push" });
  const typed = { history: "replace", limitUrlUpdates: debounce(300) } as const;
  const query = toAuditListInput(useDebounced(filters, 300));
  const users = useQuery(trpc.user.list.queryOptions({ limit: 100 }));
  const list = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ limit: 50, ...(query.ok ? query.input : {}) }, { ...CURSOR_PAGES, enabled: query.ok }));
  const fieldError = (key: keyof typeof filters) => (!query.ok && query.field === key ? query.message : undefined);
  const rows = useRows(list);
  const filtered = isFiltered(auditListParams, filters, ["sort", "direction"]);

  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the portal and every sign-in attempt; sort by time, who or procedure. Times are in your time zone." />
      <FilterBar label="Audit filters" className="xl:grid-cols-6" onClear={filtered ? () => void setFilters(clearedFilters(auditListParams, ["sort", "direction"])) : undefined}>
        <TextFilter
          label="Procedure"
          hint='Exact, or a prefix ending in "." (user.)'
          error={fieldError("procedure")}
          value={filters.procedure}
          onChange={(procedure) => void setFilters({ procedure }, typed)}
          placeholder="e.g. auth.signIn"
        />
        <TextFilter label="Actor contains" value={filters.actor} onChange={(actor) => void setFilters({ actor }, typed)} placeholder="e.g. ann@ or a token name" />
        <SelectFilter label="User" value={filters.userId} onChange={(userId) => void setFilters({ userId })} options={users.data?.items.map((u) => [u.id, u.email] as const) ?? []} any="Anyone" />
        <SelectFilter
          label="Outcome"
          value={filters.outcome}
          onChange={(outcome) => void setFilters({ outcome })}
          options={[
            ["ok", "Succeeded"],
            ["error", "Failed"],
          ]}
        />
        <TextFilter type="datetime-local" label="From" error={fieldError("from")} value={filters.from} onChange={(from) => void setFilters({ from })} />
        <TextFilter type="datetime-local" label="To" error={fieldError("to")} value={filters.to} onChange={(to) => void setFilters({ to })} />
      </FilterBar>
      <DataTable
        label="Audit events"
        columns={COLUMNS}
        rows={rows}
        getRowId={(e) => e.id}
        query={list}
        showSkeleton={query.ok}
        errorTitle="Could not load the audit log"
        sort={{
          value: { id: filters.sort, desc: filters.direction === "desc" },
          onChange: (next) => {
            const sort = AUDIT_SORTS.find((s) => s === next.id);
            if (sort) void setFilters({ sort, direction: next.desc ? "desc" : "asc" });
          },
        }}
        empty={{ icon: <ScrollText />, title: filtered ? "No events match these filters" : "No events yet", children: filtered ? <p>Widen the time range or clear a filter.</p> : undefined }}
      />
    </>
  );
}
