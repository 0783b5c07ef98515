"use client";
// Recoveries: newest first, filtered by status and start time on the server, cursor-paged, live
// status through `recovery.watch`. The restore wizard starts from here.
import {
  Badge, Button, EmptyState, ErrorState, Field, LoadMore, PageHeader, Select, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton,
} from "@lifeboat/ui";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { LifeBuoy, Plus } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { LocalTime } from "@/components/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { DEFAULT_RECOVERY_FILTERS, RECOVERY_STATUSES, TIME_WINDOWS, recoveryFiltersFromParams, recoveryFiltersToSearch, toRecoveryListFilter, type RecoveryFilters } from "../runs/run-filters.ts";
import { formatDuration, isActiveStatus, statusLabel, statusTone } from "../runs/run-format.ts";
import { RunProgress } from "../runs/run-progress.tsx";
import { useCanOperate } from "../runs/use-can-operate.ts";
import { useLiveRecoveries } from "../runs/use-live.ts";

export const recoveryHref = (id: string) => `/recoveries/${encodeURIComponent(id)}`;

export const actionLabel = (action: string | undefined) =>
  action === "RecoverFiles" ? "Restore files" : action === "DownloadFilesAndFolders" ? "Download files" : (action ?? "—");

export function RecoveriesView() {
  const trpc = useTRPC();
  const canOperate = useCanOperate();
  // Filters live in the URL (`/recoveries?status=Failed&window=24h`) so dashboard links and back/forward work.
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const filters = useMemo(() => recoveryFiltersFromParams(new URLSearchParams(search)), [search]);
  const { status, window } = filters;
  const setFilters = (next: RecoveryFilters) => router.push(`${pathname}${recoveryFiltersToSearch(next)}`, { scroll: false });
  // The window's start is fixed when a filter changes, so the query key stays stable between renders.
  const filter = useMemo(() => toRecoveryListFilter(filters), [filters]);
  const list = useInfiniteQuery(
    trpc.recovery.list.infiniteQueryOptions({ limit: 50, filter }, { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData }),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The BFF pages oldest id first; the newest recoveries matter most.
  const newestFirst = [...rows].sort((a, b) => (b.startTimeUsecs ?? 0) - (a.startTimeUsecs ?? 0));
  const live = useLiveRecoveries(undefined, rows.some((r) => isActiveStatus(r.status)));
  const filtered = status !== DEFAULT_RECOVERY_FILTERS.status || window !== DEFAULT_RECOVERY_FILTERS.window;

  return (
    <>
      <PageHeader
        title="Recoveries"
        description="Restores and downloads of files from snapshots, with live progress. Times are in your time zone."
        actions={
          canOperate ? (
            <Button asChild>
              <Link href="/recoveries/new">
                <Plus className="h-4 w-4" aria-hidden /> Restore files
              </Link>
            </Button>
          ) : null
        }
      />
      <form className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label="Recovery filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <Select value={status} onChange={(e) => setFilters({ status: e.target.value as RecoveryFilters["status"], window })}>
            <option value="">Any</option>
            {RECOVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Started">
          <Select value={window} onChange={(e) => setFilters({ status, window: e.target.value as RecoveryFilters["window"] })}>
            {Object.keys(TIME_WINDOWS).map((w) => (
              <option key={w} value={w}>
                {w === "all" ? "Any time" : `In the last ${w.replace("h", " hours").replace("d", " days")}`}
              </option>
            ))}
          </Select>
        </Field>
      </form>
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? (
        <ErrorState title="Could not load recoveries" message={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && rows.length === 0 ? (
        <EmptyState icon={<LifeBuoy />} title={filtered ? "No recoveries match these filters" : "No recoveries yet"} action={canOperate && !filtered ? <Button asChild><Link href="/recoveries/new">Restore files</Link></Button> : undefined}>
          <p>{filtered ? "Widen the time range or clear the status filter." : "Lost a file? Start a restore: find it by name or pick a host and a restore point."}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table aria-label="Recoveries">
          <TableHead>
            <tr>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell>By</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {newestFirst.map((r) => {
              const current = (r.id && live.byId.get(r.id)) || r;
              return (
                <TableRow key={r.id}>
                  <TableCell>
                    {r.id ? (
                      <Link className="font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" href={recoveryHref(r.id)}>
                        {r.name ?? r.id}
                      </Link>
                    ) : (
                      r.name
                    )}
                  </TableCell>
                  <TableCell>{actionLabel(r.recoveryAction)}</TableCell>
                  <TableCell className="min-w-40">
                    {isActiveStatus(current.status) ? <RunProgress progress={null} /> : <Badge tone={statusTone(current.status)}>{statusLabel(current.status)}</Badge>}
                  </TableCell>
                  <TableCell>
                    <LocalTime value={current.view.startedAt} />
                  </TableCell>
                  <TableCell className="tabular-nums">{formatDuration(current.view.durationMs)}</TableCell>
                  <TableCell>{r.creationInfo?.userName ?? "—"}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} />
    </>
  );
}
