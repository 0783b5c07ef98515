"use client";
// Runs monitor across protection groups: filters by group, status, type and time; live progress
// through one `protectionGroup.run.watch` per shown group. One group pages with a cursor (the BFF
// hides the upstream's time-window paging, §Q 23); "All groups" shows the newest page of each of
// the first MAX_GROUPS groups, merged by start time.
import {
  Badge, Button, EmptyState, ErrorState, Field, PageHeader, Select, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { keepPreviousData, useInfiniteQuery, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, Radio } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { LocalTime } from "@/components/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunActions, RunNowButton } from "./run-actions.tsx";
import { DEFAULT_RUN_FILTERS, RUN_STATUSES, TIME_WINDOWS, runFiltersFromParams, runFiltersToSearch, toRunListFilter, type RunFilters } from "./run-filters.ts";
import { formatBytes, formatDuration, isActiveStatus, plainStatus, runTypeLabel, statusLabel, statusTone } from "./run-format.ts";
import { RunProgress } from "./run-progress.tsx";
import { useLiveRuns, type LiveStatus, type RunRow } from "./use-live.ts";

const MAX_GROUPS = 20;
const PAGE = 25;

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
    <TableRow>
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
            {info?.successfulObjectsCount ?? 0} ok{info?.failedObjectsCount ? `, ${info.failedObjectsCount} failed` : ""}
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
  const setFilters = (next: RunFilters) => router.push(`${pathname}${runFiltersToSearch(next)}`, { scroll: false });
  // The window's start is fixed when a filter changes, so the query key stays stable between renders.
  const filter = useMemo(() => toRunListFilter(filters), [filters]);
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const groupList = groups.data?.items ?? [];
  const nameOf = (id: string | undefined) => groupList.find((g) => g.id === id)?.name ?? id ?? "—";
  const shownGroups = filters.groupId ? [filters.groupId] : groupList.slice(0, MAX_GROUPS).flatMap((g) => (g.id ? [g.id] : []));

  const one = useInfiniteQuery(
    trpc.protectionGroup.run.list.infiniteQueryOptions(
      { groupId: filters.groupId, limit: PAGE, filter },
      { enabled: filters.groupId !== "", getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const many = useQueries({
    queries: filters.groupId ? [] : shownGroups.map((groupId) => trpc.protectionGroup.run.list.queryOptions({ groupId, limit: 10, filter })),
  });

  // A run names its group (§M.4); the query's own group fills in when the upstream leaves it out.
  const withGroup = (groupId: string) => (r: RunRow): RunRow => ({ ...r, protectionGroupId: r.protectionGroupId ?? groupId });
  const rows: RunRow[] = filters.groupId
    ? (one.data?.pages.flatMap((p) => p.items.map(withGroup(filters.groupId))) ?? [])
    : many.flatMap((q, i) => (q.data?.items ?? []).map(withGroup(shownGroups[i] ?? ""))).sort((a, b) => (b.view.startedAt?.getTime() ?? 0) - (a.view.startedAt?.getTime() ?? 0));
  const error = filters.groupId ? one.error : (many.find((q) => q.isError)?.error ?? null);
  const loading = groups.isPending || (filters.groupId ? one.isPending : many.some((q) => q.isPending));

  const [live, setLive] = useState<Record<string, { runs: ReadonlyMap<string, RunRow>; status: LiveStatus }>>({});
  const onUpdate = useMemo(
    () => (groupId: string, runs: ReadonlyMap<string, RunRow>, status: LiveStatus) => setLive((l) => ({ ...l, [groupId]: { runs, status } })),
    [],
  );
  // A run the list has not seen (started by a schedule or "Run now") refreshes the list.
  const knownIds = new Set(rows.map((r) => r.id));
  const unseen = Object.values(live).some((l) => [...l.runs.keys()].some((id) => !knownIds.has(id) && isActiveStatus(l.runs.get(id)?.view.status)));
  useEffect(() => {
    if (unseen) void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.list.pathKey() });
  }, [unseen, queryClient, trpc]);
  const liveStates = Object.values(live).map((l) => l.status);
  const liveLabel = liveStates.includes("live") ? "Live" : liveStates.includes("error") ? "Live updates unavailable — reload to retry" : "Connecting…";

  const set = <K extends keyof RunFilters>(k: K, v: RunFilters[K]) => setFilters({ ...filters, [k]: v });
  const filtered = JSON.stringify(filters) !== JSON.stringify(DEFAULT_RUN_FILTERS);
  const selectedGroupName = nameOf(filters.groupId);

  return (
    <>
      <PageHeader
        title="Runs"
        description="Backup runs of every protection group, newest first, with live progress. Times are in your time zone."
        actions={filters.groupId ? <RunNowButton groupId={filters.groupId} groupName={selectedGroupName} /> : null}
      />
      {shownGroups.map((g) => (
        <LiveFeed key={g} groupId={g} onUpdate={onUpdate} />
      ))}
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5" aria-label="Run filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Protection group" className="xl:col-span-2">
          <Select value={filters.groupId} onChange={(e) => set("groupId", e.target.value)}>
            <option value="">All groups{groupList.length > MAX_GROUPS ? ` (first ${MAX_GROUPS})` : ""}</option>
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
            <Button variant="secondary" onClick={() => void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.list.pathKey() })}>
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
            <tr>
              <TableHeaderCell>Group / run</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Progress</TableHeaderCell>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell className="text-right">Read</TableHeaderCell>
              <TableHeaderCell className="text-right">Written</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((run) => (
              <RunRowView key={`${run.protectionGroupId}-${run.id}`} run={run} live={live[run.protectionGroupId ?? ""]?.runs.get(run.id ?? "")} groupName={nameOf(run.protectionGroupId)} />
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
    </>
  );
}
