"use client";
// Runs monitor across protection groups: filters by group, status, type and time; live progress
// through one `protectionGroup.run.watch` per shown group. One group pages the upstream with a
// cursor (the BFF hides the upstream's time-window paging, §Q 23), newest first. "All groups" reads
// `protectionGroup.run.history` (the portal's synced copy of every run): sorted on the server by
// the column headers (TanStack Table, manual sorting; the sort lives in the URL beside the
// filters), keyset-paged with "Load more", with the live runs of the first MAX_GROUPS groups
// overlaid and the runs newer than the last sync on top (run-history.ts says why on top).
import {
  Badge, Button, EmptyState, ErrorState, Field, PageHeader, Select, Table, TableBody, TableCell, TableHead, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { Activity, Radio } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { SortableHeaderCell } from "@/components/data-table/sortable-header.tsx";
import { LocalTime } from "@/components/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunActions, RunNowButton } from "./run-actions.tsx";
import {
  DEFAULT_RUN_FILTERS, RUN_SORTS, RUN_STATUSES, TIME_WINDOWS, runFiltersFromParams, runFiltersToSearch, runSortFromParams, toRunListFilter, type RunFilters, type RunSort,
} from "./run-filters.ts";
import { historyRunToRow, mergeLiveRuns, runKey } from "./run-history.ts";
import { formatBytes, formatDuration, isActiveStatus, plainStatus, runTypeLabel, statusLabel, statusTone } from "./run-format.ts";
import { RunProgress } from "./run-progress.tsx";
import { useLiveRuns, type LiveStatus, type RunRow } from "./use-live.ts";

const MAX_GROUPS = 20;
const PAGE = 25;
const HISTORY_PAGE = 50;
/** The ops sync runs each minute; older than this, the page says the history is behind. */
const LAG_WARN_MS = 5 * 60_000;

// The header of each column; the ids of sortable ones are the history's sort keys. Figures sort
// descending on the first click (biggest/newest first), names and statuses ascending.
const sortable = (id: RunSort["sort"], header: string, descFirst: boolean): ColumnDef<RunRow> => ({
  id,
  header,
  accessorFn: () => null,
  sortDescFirst: descFirst,
});
const fixed = (id: string, header: ColumnDef<RunRow>["header"]): ColumnDef<RunRow> => ({ id, header, enableSorting: false });
const COLUMNS: ColumnDef<RunRow>[] = [
  sortable("groupName", "Group / run", false),
  fixed("type", "Type"),
  sortable("status", "Status", false),
  fixed("progress", "Progress"),
  sortable("startedAt", "Started", true),
  sortable("duration", "Duration", true),
  fixed("read", "Read"),
  sortable("bytesWritten", "Written", true),
  sortable("endedAt", "Ended", true),
  fixed("actions", () => <span className="sr-only">Actions</span>),
];
const HEADER_CLASS: Record<string, string> = { read: "text-right", bytesWritten: "text-right" };

export const runHref = (groupId: string, runId: string) => `/runs/${encodeURIComponent(groupId)}/${encodeURIComponent(runId)}`;

/** Opens the group's live watch and hands every update to the monitor. */
function LiveFeed({ groupId, onUpdate }: { groupId: string; onUpdate: (groupId: string, runs: ReadonlyMap<string, RunRow>, status: LiveStatus) => void }) {
  const live = useLiveRuns(groupId);
  useEffect(() => onUpdate(groupId, live.byId, live.status), [groupId, live.byId, live.status, onUpdate]);
  return null;
}

export function RunRowView({ run, live, groupName }: { run: RunRow; live: RunRow | undefined; groupName: string }) {
  const current = live ?? run;
  const info = current.localBackupInfo ?? current.originalBackupInfo;
  const stats = info?.localSnapshotStats;
  const status = current.view.status ?? info?.status;
  const groupId = current.protectionGroupId ?? "";
  const runId = current.id ?? "";
  return (
    <TableRow data-source={run.fromHistory === true ? "history" : undefined}>
      <TableCell>
        <Link href={runHref(groupId, runId)} className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
          {groupName}
        </Link>
        <span className="block font-mono text-xs text-muted-foreground">{runId}</span>
      </TableCell>
      <TableCell>{runTypeLabel(info?.runType)}</TableCell>
      <TableCell>
        <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
      </TableCell>
      <TableCell className="min-w-40">
        {isActiveStatus(status) ? (
          <RunProgress progress={current.view.progress} etaMs={current.view.etaMs} paused={plainStatus(status) === "Paused"} />
        ) : (
          <span className="text-xs text-muted-foreground">
            {/* History rows carry no object counts. */}
            {info?.successfulObjectsCount !== undefined || info?.failedObjectsCount !== undefined
              ? `${info.successfulObjectsCount ?? 0} ok${info.failedObjectsCount ? `, ${info.failedObjectsCount} failed` : ""}`
              : null}
          </span>
        )}
      </TableCell>
      <TableCell>
        <LocalTime value={current.view.startedAt} />
      </TableCell>
      <TableCell className="tabular-nums">{formatDuration(current.view.durationMs)}</TableCell>
      <TableCell className="text-right tabular-nums">{formatBytes(stats?.bytesRead)}</TableCell>
      <TableCell className="text-right tabular-nums">{formatBytes(stats?.bytesWritten)}</TableCell>
      <TableCell>
        <LocalTime value={current.view.endedAt} />
      </TableCell>
      <TableCell>
        <RunActions groupId={groupId} runId={runId} groupName={groupName} status={status} compact />
      </TableCell>
    </TableRow>
  );
}

export function RunsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The filters live in the URL (`/runs?status=Failed&window=24h`): dashboard tiles link to them,
  // and each change is a history entry, so back/forward step through them.
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => runFiltersFromParams(new URLSearchParams(search)), [search]);
  const sort = useMemo(() => runSortFromParams(new URLSearchParams(search)), [search]);
  const setFilters = (next: RunFilters, nextSort: RunSort = sort) => router.push(`${pathname}${runFiltersToSearch(next, nextSort)}`, { scroll: false });
  // The window's start is fixed when a filter changes, so the query key stays stable between renders.
  const filter = useMemo(() => toRunListFilter(filters), [filters]);
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const groupList = groups.data?.items ?? [];
  const nameOf = (id: string | undefined, fallback?: string) => groupList.find((g) => g.id === id)?.name ?? fallback ?? id ?? "—";
  const shownGroups = filters.groupId ? [filters.groupId] : groupList.slice(0, MAX_GROUPS).flatMap((g) => (g.id ? [g.id] : []));

  const one = useInfiniteQuery(
    trpc.protectionGroup.run.list.infiniteQueryOptions(
      { groupId: filters.groupId, limit: PAGE, filter },
      { enabled: filters.groupId !== "", getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const history = useInfiniteQuery(
    trpc.protectionGroup.run.history.infiniteQueryOptions(
      { filter, sort: sort.sort, order: sort.direction, limit: HISTORY_PAGE },
      {
        enabled: filters.groupId === "",
        getNextPageParam: (p) => p.nextCursor ?? undefined,
        placeholderData: keepPreviousData,
        // The sync refreshes the copy each minute; so does the page, finished live runs then land in place.
        refetchInterval: 60_000,
      },
    ),
  );
  const syncedAt = history.data?.pages[0]?.syncedAt ?? null;

  const [live, setLive] = useState<Record<string, { runs: ReadonlyMap<string, RunRow>; status: LiveStatus }>>({});
  const onUpdate = useMemo(
    () => (groupId: string, runs: ReadonlyMap<string, RunRow>, status: LiveStatus) => setLive((l) => ({ ...l, [groupId]: { runs, status } })),
    [],
  );
  // A run names its group (§M.4); the query's own group fills in when the upstream leaves it out.
  // The table's data must keep its identity between renders: TanStack Table recomputes its row
  // model (and would reset its state, re-rendering again) whenever `data` is a new array.
  const shownKey = shownGroups.join(",");
  const rows: RunRow[] = useMemo(() => {
    const withGroup = (groupId: string) => (r: RunRow): RunRow => ({ ...r, protectionGroupId: r.protectionGroupId ?? groupId });
    if (filters.groupId) return one.data?.pages.flatMap((p) => p.items.map(withGroup(filters.groupId))) ?? [];
    const shown = new Set(shownKey.split(","));
    const liveRuns = Object.entries(live).flatMap(([groupId, l]) => (shown.has(groupId) ? [...l.runs.values()].map(withGroup(groupId)) : []));
    return mergeLiveRuns(history.data?.pages.flatMap((p) => p.items.map(historyRunToRow)) ?? [], liveRuns, { syncedAt, filters });
  }, [filters, one.data, history.data, live, shownKey, syncedAt]);
  const error = filters.groupId ? one.error : history.error;
  const loading = groups.isPending || (filters.groupId ? one.isPending : history.isPending);

  // One group: a run the list has not seen (started by a schedule or "Run now") refreshes the list.
  // All groups merge such runs from the live feeds instead (mergeLiveRuns).
  const knownIds = new Set(rows.map((r) => r.id));
  const unseen =
    filters.groupId !== "" && Object.values(live).some((l) => [...l.runs.keys()].some((id) => !knownIds.has(id) && isActiveStatus(l.runs.get(id)?.view.status)));
  useEffect(() => {
    if (unseen) void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.list.pathKey() });
  }, [unseen, queryClient, trpc]);

  const sorting: SortingState = filters.groupId ? [] : [{ id: sort.sort, desc: sort.direction === "desc" }];
  const table = useReactTable<RunRow>({
    data: rows,
    columns: COLUMNS,
    getRowId: runKey,
    state: { sorting },
    // The server sorts (history); one group's upstream list has one order only, newest first.
    manualSorting: true,
    enableSorting: filters.groupId === "",
    enableSortingRemoval: false,
    enableMultiSort: false,
    autoResetAll: false,
    onSortingChange: (updater) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      const id = RUN_SORTS.find((s) => s === next?.id);
      if (next && id) setFilters(filters, { sort: id, direction: next.desc ? "desc" : "asc" });
    },
    getCoreRowModel: getCoreRowModel(),
  });
  const liveStates = Object.values(live).map((l) => l.status);
  const liveLabel = liveStates.includes("live") ? "Live" : liveStates.includes("error") ? "Live updates unavailable — reload to retry" : "Connecting…";

  const set = <K extends keyof RunFilters>(k: K, v: RunFilters[K]) => setFilters({ ...filters, [k]: v });
  const filtered = JSON.stringify(filters) !== JSON.stringify(DEFAULT_RUN_FILTERS);
  const lagMinutes = syncedAt ? Math.floor((Date.now() - syncedAt.getTime()) / 60_000) : null;
  const selectedGroupName = nameOf(filters.groupId);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Backup runs of every protection group with live progress; sort by a column header. Times are in your time zone."
        actions={filters.groupId ? <RunNowButton groupId={filters.groupId} groupName={selectedGroupName} /> : null}
      />
      {shownGroups.map((g) => (
        <LiveFeed key={g} groupId={g} onUpdate={onUpdate} />
      ))}
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5" aria-label="Run filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Protection group" className="xl:col-span-2">
          <Select value={filters.groupId} onChange={(e) => set("groupId", e.target.value)}>
            <option value="">All groups</option>
            {groupList.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={filters.status} onChange={(e) => set("status", e.target.value as RunFilters["status"])}>
            <option value="">Any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Type">
          <Select value={filters.runType} onChange={(e) => set("runType", e.target.value as RunFilters["runType"])}>
            <option value="">Any</option>
            <option value="kIncremental">Incremental</option>
            <option value="kFull">Full</option>
          </Select>
        </Field>
        <Field label="Started">
          <Select value={filters.window} onChange={(e) => set("window", e.target.value as RunFilters["window"])}>
            {Object.keys(TIME_WINDOWS).map((w) => (
              <option key={w} value={w}>
                {w === "all" ? "Any time" : `In the last ${w.replace("h", " hours").replace("d", " days")}`}
              </option>
            ))}
          </Select>
        </Field>
      </form>
      <div className="mb-3 flex flex-wrap items-center gap-3 text-xs text-muted-foreground">
        {shownGroups.length > 0 ? (
          <span className="inline-flex items-center gap-1" aria-live="polite">
            <Radio className="h-3.5 w-3.5" aria-hidden /> {liveLabel}
          </span>
        ) : null}
        {!filters.groupId && history.isSuccess ? (
          <span className={lagMinutes !== null && lagMinutes * 60_000 > LAG_WARN_MS ? "font-medium text-amber-700 dark:text-amber-400" : undefined}>
            {syncedAt ? (
              <>
                History synced <LocalTime value={syncedAt} />
                {lagMinutes !== null && lagMinutes * 60_000 > LAG_WARN_MS ? ` (${lagMinutes} min behind)` : ""}; newer runs come from live updates
                {groupList.length > MAX_GROUPS ? ` of the first ${MAX_GROUPS} groups` : ""}
              </>
            ) : (
              "Run history not synced yet; showing live runs only"
            )}
          </span>
        ) : null}
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => setFilters(DEFAULT_RUN_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {groups.isError ? <ErrorState message={errorMessage(groups.error, "Could not load the protection groups")} /> : null}
      {loading && !groups.isError ? <TableSkeleton columns={8} /> : null}
      {error ? (
        <ErrorState
          title="Could not load runs"
          message={errorMessage(error)}
          action={
            <Button
              variant="secondary"
              onClick={() => void queryClient.invalidateQueries({ queryKey: filters.groupId ? trpc.protectionGroup.run.list.pathKey() : trpc.protectionGroup.run.history.pathKey() })}
            >
              Try again
            </Button>
          }
        />
      ) : null}
      {groups.isSuccess && groupList.length === 0 ? (
        <EmptyState icon={<Activity />} title="No protection groups yet">
          <p>Runs belong to protection groups. Create one under Protection groups; its runs show up here.</p>
        </EmptyState>
      ) : null}
      {!loading && !error && groupList.length > 0 && rows.length === 0 ? (
        <EmptyState icon={<Activity />} title={filtered ? "No runs match these filters" : "No runs in the last 7 days"}>
          <p>{filtered ? "Widen the time range or clear a filter." : "Choose a group and use Run now, or wait for its schedule."}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Runs">
          <TableHead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeaderCell key={header.id} header={header} className={HEADER_CLASS[header.id]} />
                ))}
              </tr>
            ))}
          </TableHead>
          <TableBody>
            {table.getRowModel().rows.map(({ id, original: run }) => (
              <RunRowView
                key={id}
                run={run}
                live={live[run.protectionGroupId ?? ""]?.runs.get(run.id ?? "")}
                groupName={nameOf(run.protectionGroupId, typeof run.protectionGroupName === "string" ? run.protectionGroupName : undefined)}
              />
            ))}
          </TableBody>
        </Table>
      ) : null}
      {filters.groupId && one.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={one.isFetchingNextPage} onClick={() => void one.fetchNextPage()}>
            Load older runs
          </Button>
        </div>
      ) : null}
      {!filters.groupId && history.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            Load more runs
          </Button>
        </div>
      ) : null}
    </>
  );
}
