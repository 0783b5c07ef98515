"use client";
// The audit log: filters and sort live in the URL (lib/audit-filters.ts), the server sorts and pages
// by keyset (audit.list), the headers are TanStack Table's with manual sorting.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { ScrollText } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Field,
  Input,
  PageHeader,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TableSkeleton,
} from "@lifeboat/ui";
import { SortableHeaderCell } from "@/components/data-table/sortable-header.tsx";
import { LocalTime } from "@/components/local-time.tsx";
import { AUDIT_SORTS, auditFiltersFromParams, auditFiltersToSearch, EMPTY_AUDIT_FILTERS, toAuditListInput, type AuditFilters } from "@/lib/audit-filters.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { AuditRow } from "@/trpc/types.ts";

const sortable = (id: AuditFilters["sort"], header: string, descFirst: boolean): ColumnDef<AuditRow> => ({ id, header, accessorFn: () => null, sortDescFirst: descFirst });
const fixed = (id: string, header: string): ColumnDef<AuditRow> => ({ id, header, enableSorting: false });
const COLUMNS: ColumnDef<AuditRow>[] = [
  sortable("at", "Time", true),
  sortable("actor", "Who", false),
  sortable("procedure", "Procedure", false),
  fixed("outcome", "Outcome"),
  fixed("targets", "Targets"),
  fixed("duration", "Duration"),
  fixed("clientIp", "Client IP"),
];

type TextFilters = Pick<AuditFilters, "procedure" | "actor">;

export function AuditView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const filters = useMemo(() => auditFiltersFromParams(new URLSearchParams(search)), [search]);
  const go = (next: AuditFilters) => router.push(`${pathname}${auditFiltersToSearch(next)}`, { scroll: false });

  // Text boxes: typed locally, written to the URL after a 300 ms pause (replace, not a history entry
  // per word). A URL change that is not our own last write (back/forward, a link) refills them.
  const [text, setText] = useState<TextFilters>({ procedure: filters.procedure, actor: filters.actor });
  const [written, setWritten] = useState<TextFilters>(text);
  const [seen, setSeen] = useState(search);
  if (seen !== search) {
    setSeen(search);
    if (filters.procedure !== written.procedure || filters.actor !== written.actor) {
      const fromUrl = { procedure: filters.procedure, actor: filters.actor };
      setText(fromUrl);
      setWritten(fromUrl);
    }
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const type = (key: keyof TextFilters, value: string) => {
    const next = { ...text, [key]: value };
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // The URL as it is now (a select may have changed it meanwhile), with the typed text.
      const current = auditFiltersFromParams(new URLSearchParams(window.location.search));
      setWritten(next);
      router.replace(`${pathname}${auditFiltersToSearch({ ...current, ...next })}`, { scroll: false });
    }, 300);
  };

  const query = toAuditListInput(filters);
  const users = useQuery(trpc.user.list.queryOptions({ limit: 100 }));
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { limit: 50, ...(query.ok ? query.input : {}) },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        // While a new filter loads, the previous rows stay instead of flashing a skeleton.
        placeholderData: keepPreviousData,
        enabled: query.ok,
      },
    ),
  );
  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => go({ ...filters, ...text, [key]: value });
  const fieldError = (key: keyof AuditFilters) => (!query.ok && query.field === key ? query.message : undefined);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = JSON.stringify({ ...filters, sort: "at", direction: "desc" }) !== JSON.stringify(EMPTY_AUDIT_FILTERS) || text.procedure !== "" || text.actor !== "";

  const sorting: SortingState = [{ id: filters.sort, desc: filters.direction === "desc" }];
  const table = useReactTable<AuditRow>({
    data: rows,
    columns: COLUMNS,
    getRowId: (r) => r.id,
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    // Server-side everything: TanStack Table must not reset (and re-render) on new data.
    autoResetAll: false,
    onSortingChange: (updater) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      const sort = AUDIT_SORTS.find((s) => s === next?.id);
      if (next && sort) go({ ...filters, sort, direction: next.desc ? "desc" : "asc" });
    },
    getCoreRowModel: getCoreRowModel(),
  });

  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the portal and every sign-in attempt; sort by time, who or procedure. Times are in your time zone." />
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-6" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Procedure" hint='Exact, or a prefix ending in "." (user.)' error={fieldError("procedure")}>
          <Input value={text.procedure} onChange={(e) => type("procedure", e.target.value)} placeholder="e.g. auth.signIn" />
        </Field>
        <Field label="Actor contains">
          <Input value={text.actor} onChange={(e) => type("actor", e.target.value)} placeholder="e.g. ann@ or a token name" />
        </Field>
        <Field label="User">
          <Select value={filters.userId} onChange={(e) => set("userId", e.target.value)}>
            <option value="">Anyone</option>
            {users.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Outcome">
          <Select value={filters.outcome} onChange={(e) => set("outcome", e.target.value as AuditFilters["outcome"])}>
            <option value="">Any</option>
            <option value="ok">Succeeded</option>
            <option value="error">Failed</option>
          </Select>
        </Field>
        <Field label="From" error={fieldError("from")}>
          <Input type="datetime-local" step={1} value={filters.from} onChange={(e) => set("from", e.target.value)} />
        </Field>
        <Field label="To" error={fieldError("to")}>
          <Input type="datetime-local" step={1} value={filters.to} onChange={(e) => set("to", e.target.value)} />
        </Field>
      </form>
      {filtered ? (
        <div className="mb-4">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              clearTimeout(timer.current);
              const cleared = { procedure: "", actor: "" };
              setText(cleared);
              setWritten(cleared);
              go({ ...EMPTY_AUDIT_FILTERS, sort: filters.sort, direction: filters.direction });
            }}
          >
            Clear filters
          </Button>
        </div>
      ) : null}
      {query.ok && list.isPending ? <TableSkeleton columns={7} /> : null}
      {list.isError ? (
        <ErrorState message={errorMessage(list.error, "Could not load the audit log")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState icon={<ScrollText />} title={filtered ? "No events match these filters" : "No events yet"}>
          {filtered ? <p>Widen the time range or clear a filter.</p> : null}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Audit events">
          <TableHead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeaderCell key={header.id} header={header} className={header.id === "duration" ? "text-right" : undefined} />
                ))}
              </tr>
            ))}
          </TableHead>
          <TableBody>
            {table.getRowModel().rows.map(({ original: e }) => (
              <TableRow key={e.id}>
                <TableCell>
                  <LocalTime value={e.at} />
                </TableCell>
                <TableCell className="max-w-56 truncate" title={e.actor}>
                  {e.actor}
                </TableCell>
                <TableCell className="font-mono text-xs">{e.procedure}</TableCell>
                <TableCell>
                  {e.outcome === "ok" ? <Badge tone="success">ok</Badge> : <Badge tone="danger">{e.errorCode ?? "error"}</Badge>}
                  {e.upstreamRequestId ? <span className="block text-xs text-muted-foreground">req {e.upstreamRequestId}</span> : null}
                </TableCell>
                <TableCell className="max-w-56 truncate font-mono text-xs" title={e.targetIds.join(", ")}>
                  {e.targetIds.length ? e.targetIds.join(", ") : "—"}
                </TableCell>
                <TableCell className="text-right tabular-nums">{e.durationMs} ms</TableCell>
                <TableCell className="font-mono text-xs">{e.clientIp ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {list.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
