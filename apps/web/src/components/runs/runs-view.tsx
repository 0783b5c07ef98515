"use client";
// Runs monitor across protection groups: filters by group, status, type and time; live progress
// through one `protectionGroup.run.watch` per shown group. One group pages the upstream with a
// cursor (the BFF hides the upstream's time-window paging, §Q 23), newest first. "All groups" reads
// `protectionGroup.run.history` (the portal's synced copy of every run): sorted on the server by
// the column headers (TanStack Table, manual sorting; the sort lives in the URL beside the
// filters), keyset-paged with "Load more", with the live runs of the first MAX_GROUPS groups
// overlaid and the runs newer than the last sync on top (run-history.ts says why on top).
import { Badge, PageHeader } from "@lifeboat/ui";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, Radio } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useEffect, useMemo, useState } from "react";
import { column, DataTable, sortableColumn } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { RunProgress } from "@/components/common/run-progress.tsx";
import { CURSOR_PAGES } from "@/components/common/use-list.ts";
import { useLiveRuns, type LiveStatus, type RunRow } from "@/components/common/use-live.ts";
import { formatBytes, formatDuration, isActiveStatus, plainStatus, runTypeLabel, statusLabel, statusTone } from "@/lib/format.ts";
import { clearedFilters, isFiltered, RUN_SORTS, RUN_STATUSES, runListKeys, runListParams, TIME_WINDOW_OPTIONS } from "@/lib/list-params.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunActions, RunNowButton } from "./run-actions.tsx";
import { toRunListFilter } from "./run-filters.ts";
import { historyRunToRow, mergeLiveRuns, runKey } from "./run-history.ts";

const MAX_GROUPS = 20;
const PAGE = 25;
const HISTORY_PAGE = 50;
/** The ops sync runs each minute; older than this, the page says the history is behind. */
const LAG_WARN_MS = 5 * 60_000;

const minutesSince = (date: Date) => Math.floor((Date.now() - date.getTime()) / 60_000);

export const runHref = (groupId: string, runId: string) => `/runs/${encodeURIComponent(groupId)}/${encodeURIComponent(runId)}`;

/** Opens the group's live watch and hands every update to the monitor. */
function LiveFeed({ groupId, onUpdate }: { groupId: string; onUpdate: (groupId: string, runs: ReadonlyMap<string, RunRow>, status: LiveStatus) => void }) {
  const live = useLiveRuns(groupId);
  useEffect(() => onUpdate(groupId, live.byId, live.status), [groupId, live.byId, live.status, onUpdate]);
  return null;
}

const LINK = "font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";
const infoOf = (run: RunRow) => run.localBackupInfo ?? run.originalBackupInfo;
const statusOf = (run: RunRow) => run.view.status ?? infoOf(run)?.status;

/**
 * The monitor's columns; the ids of sortable ones are the history's sort keys. Figures sort
 * descending on the first click (biggest/newest first), names and statuses ascending. Each cell
 * shows the run's live state when its group's watch has one.
 */
function runColumns(current: (run: RunRow) => RunRow, groupName: (run: RunRow) => string) {
  return [
    sortableColumn<RunRow>("groupName", "Group / run", (run) => (
      <>
        <Link href={runHref(run.protectionGroupId ?? "", run.id ?? "")} className={LINK}>
          {groupName(run)}
        </Link>
        <span className="block font-mono text-xs text-muted-foreground">{run.id ?? ""}</span>
      </>
    )),
    column<RunRow>("type", "Type", (run) => runTypeLabel(infoOf(current(run))?.runType)),
    sortableColumn<RunRow>("status", "Status", (run) => <Badge tone={statusTone(statusOf(current(run)))}>{statusLabel(statusOf(current(run)))}</Badge>),
    column<RunRow>(
      "progress",
      "Progress",
      (run) => {
        const now = current(run);
        const info = infoOf(now);
        const status = statusOf(now);
        if (isActiveStatus(status)) return <RunProgress progress={now.view.progress} etaMs={now.view.etaMs} paused={plainStatus(status) === "Paused"} />;
        // History rows carry no object counts.
        const counted = info?.successfulObjectsCount !== undefined || info?.failedObjectsCount !== undefined;
        return (
          <span className="text-xs text-muted-foreground">
            {counted ? `${info?.successfulObjectsCount ?? 0} ok${info?.failedObjectsCount ? `, ${info.failedObjectsCount} failed` : ""}` : null}
          </span>
        );
      },
      "min-w-40",
    ),
    sortableColumn<RunRow>("startedAt", "Started", (run) => <LocalTime value={current(run).view.startedAt} />, { descFirst: true }),
    sortableColumn<RunRow>("duration", "Duration", (run) => formatDuration(current(run).view.durationMs), { descFirst: true, className: "tabular-nums" }),
    column<RunRow>("read", "Read", (run) => formatBytes(infoOf(current(run))?.localSnapshotStats?.bytesRead), "text-right tabular-nums"),
    sortableColumn<RunRow>("bytesWritten", "Written", (run) => formatBytes(infoOf(current(run))?.localSnapshotStats?.bytesWritten), { descFirst: true, className: "text-right tabular-nums" }),
    sortableColumn<RunRow>("endedAt", "Ended", (run) => <LocalTime value={current(run).view.endedAt} />, { descFirst: true }),
    column<RunRow>(
      "actions",
      () => <span className="sr-only">Actions</span>,
      (run) => <RunActions groupId={run.protectionGroupId ?? ""} runId={run.id ?? ""} groupName={groupName(run)} status={statusOf(current(run))} compact />,
    ),
  ];
}

export function RunsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The filters and the sort live in the URL (`/runs?status=Failed&window=24h&sort=duration&dir=asc`):
  // dashboard tiles link to them, and each change is a history entry, so back/forward step through them.
  const [state, setState] = useQueryStates(runListParams, { urlKeys: runListKeys, history: "push" });
  const { groupId, status, window, runType } = state;
  // The window's start is fixed when a filter changes, so the query key stays stable between renders.
  const filters = useMemo(() => ({ groupId, status, window, runType }), [groupId, status, window, runType]);
  const filter = useMemo(() => toRunListFilter(filters), [filters]);
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const groupList = groups.data?.items ?? [];
  const groupNames = useMemo(() => new Map((groups.data?.items ?? []).map((g) => [g.id, g.name] as const)), [groups.data]);
  const nameOf = (id: string | undefined, fallback?: string) => groupNames.get(id) ?? fallback ?? id ?? "—";
  // The groups whose live watch is open: the chosen one, or the first MAX_GROUPS.
  const shownKey = useMemo(() => (groupId ? [groupId] : (groups.data?.items ?? []).slice(0, MAX_GROUPS).flatMap((g) => (g.id ? [g.id] : []))).join(","), [groupId, groups.data]);
  const shownGroups = shownKey ? shownKey.split(",") : [];

  const one = useInfiniteQuery(trpc.protectionGroup.run.list.infiniteQueryOptions({ groupId, limit: PAGE, filter }, { ...CURSOR_PAGES, enabled: groupId !== "" }));
  const history = useInfiniteQuery(
    trpc.protectionGroup.run.history.infiniteQueryOptions(
      { filter, sort: state.sort, order: state.direction, limit: HISTORY_PAGE },
      // The sync refreshes the copy each minute; so does the page, finished live runs then land in place.
      { ...CURSOR_PAGES, enabled: groupId === "", refetchInterval: 60_000 },
    ),
  );
  const syncedAt = history.data?.pages[0]?.syncedAt ?? null;

  const [live, setLive] = useState<Record<string, { runs: ReadonlyMap<string, RunRow>; status: LiveStatus }>>({});
  const onUpdate = useMemo(
    () => (id: string, runs: ReadonlyMap<string, RunRow>, liveStatus: LiveStatus) => setLive((l) => ({ ...l, [id]: { runs, status: liveStatus } })),
    [],
  );
  // A run names its group (§M.4); the query's own group fills in when the upstream leaves it out.
  // The table's data must keep its identity between renders: TanStack Table recomputes its row
  // model whenever `data` is a new array.
  const rows: RunRow[] = useMemo(() => {
    const withGroup = (id: string) => (r: RunRow): RunRow => ({ ...r, protectionGroupId: r.protectionGroupId ?? id });
    if (filters.groupId) return one.data?.pages.flatMap((p) => p.items.map(withGroup(filters.groupId))) ?? [];
    const shown = new Set(shownKey.split(","));
    const liveRuns = Object.entries(live).flatMap(([id, l]) => (shown.has(id) ? [...l.runs.values()].map(withGroup(id)) : []));
    return mergeLiveRuns(history.data?.pages.flatMap((p) => p.items.map(historyRunToRow)) ?? [], liveRuns, { syncedAt, filters });
  }, [filters, one.data, history.data, live, shownKey, syncedAt]);
  const list = groupId ? one : history;

  // One group: a run the list has not seen (started by a schedule or "Run now") refreshes the list.
  // All groups merge such runs from the live feeds instead (mergeLiveRuns).
  const knownIds = new Set(rows.map((r) => r.id));
  const unseen = groupId !== "" && Object.values(live).some((l) => [...l.runs.keys()].some((id) => !knownIds.has(id) && isActiveStatus(l.runs.get(id)?.view.status)));
  useEffect(() => {
    if (unseen) void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.list.pathKey() });
  }, [unseen, queryClient, trpc]);

  const columns = runColumns(
    (run) => live[run.protectionGroupId ?? ""]?.runs.get(run.id ?? "") ?? run,
    (run) => nameOf(run.protectionGroupId, typeof run.protectionGroupName === "string" ? run.protectionGroupName : undefined),
  );
  const liveStates = Object.values(live).map((l) => l.status);
  const liveLabel = liveStates.includes("live") ? "Live" : liveStates.includes("error") ? "Live updates unavailable — reload to retry" : "Connecting…";
  const filtered = isFiltered(runListParams, state, ["sort", "direction"]);
  const lagMinutes = syncedAt ? minutesSince(syncedAt) : null;
  const lagging = lagMinutes !== null && lagMinutes * 60_000 > LAG_WARN_MS;

  return (
    <>
      <PageHeader
        title="Runs"
        description="Backup runs of every protection group with live progress; sort by a column header. Times are in your time zone."
        actions={groupId ? <RunNowButton groupId={groupId} groupName={nameOf(groupId)} /> : null}
      />
      {shownGroups.map((g) => (
        <LiveFeed key={g} groupId={g} onUpdate={onUpdate} />
      ))}
      <FilterBar label="Run filters" className="xl:grid-cols-5" onClear={filtered ? () => void setState(clearedFilters(runListParams, ["sort", "direction"])) : undefined}>
        <SelectFilter
          label="Protection group"
          className="xl:col-span-2"
          value={groupId}
          onChange={(v) => void setState({ groupId: v })}
          options={groupList.flatMap((g) => (g.id ? [[g.id, g.name ?? g.id] as const] : []))}
          any="All groups"
        />
        <SelectFilter label="Status" value={status} onChange={(v) => void setState({ status: v })} options={RUN_STATUSES.map((s) => [s, statusLabel(s)] as const)} />
        <SelectFilter
          label="Type"
          value={runType}
          onChange={(v) => void setState({ runType: v })}
          options={[
            ["kIncremental", "Incremental"],
            ["kFull", "Full"],
          ]}
        />
        <SelectFilter label="Started" value={window} onChange={(v) => void setState({ window: v })} options={TIME_WINDOW_OPTIONS} any={null} />
      </FilterBar>
      <div className="mb-3 flex flex-wrap items-center gap-3 text-xs text-muted-foreground">
        {shownGroups.length > 0 ? (
          <span className="inline-flex items-center gap-1" aria-live="polite">
            <Radio className="h-3.5 w-3.5" aria-hidden /> {liveLabel}
          </span>
        ) : null}
        {!groupId && history.isSuccess ? (
          <span className={lagging ? "font-medium text-amber-700 dark:text-amber-400" : undefined}>
            {syncedAt ? (
              <>
                History synced <LocalTime value={syncedAt} />
                {lagging ? ` (${lagMinutes} min behind)` : ""}; newer runs come from live updates
                {groupList.length > MAX_GROUPS ? ` of the first ${MAX_GROUPS} groups` : ""}
              </>
            ) : (
              "Run history not synced yet; showing live runs only"
            )}
          </span>
        ) : null}
      </div>
      <DataTable
        label="Runs"
        columns={columns}
        rows={rows}
        getRowId={runKey}
        query={{ ...list, isPending: groups.isPending || list.isPending, isError: groups.isError || list.isError, error: groups.error ?? list.error }}
        errorTitle="Could not load runs"
        // The server sorts the history; one group's upstream list has one order only, newest first.
        sort={
          groupId
            ? undefined
            : {
                value: { id: state.sort, desc: state.direction === "desc" },
                onChange: (next) => {
                  const sort = RUN_SORTS.find((s) => s === next.id);
                  if (sort) void setState({ sort, direction: next.desc ? "desc" : "asc" });
                },
              }
        }
        rowProps={(run) => ({ "data-source": run.fromHistory === true ? "history" : undefined })}
        loadMoreLabel={groupId ? "Load older runs" : "Load more runs"}
        empty={
          groups.isSuccess && groupList.length === 0
            ? { icon: <Activity />, title: "No protection groups yet", children: <p>Runs belong to protection groups. Create one under Protection groups; its runs show up here.</p> }
            : {
                icon: <Activity />,
                title: filtered ? "No runs match these filters" : "No runs in the last 7 days",
                children: <p>{filtered ? "Widen the time range or clear a filter." : "Choose a group and use Run now, or wait for its schedule."}</p>,
              }
        }
      />
    </>
  );
}
