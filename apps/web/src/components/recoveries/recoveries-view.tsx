"use client";
// Recoveries: newest first (the server orders and pages them), filtered by status and start time on
// the server, live status through `recovery.watch`. The restore wizard starts from here.
import { Badge, Button, PageHeader } from "@lifeboat/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import { LifeBuoy, Plus } from "lucide-react";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useMemo, type ReactNode } from "react";
import { column, DataTable } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { RunProgress } from "@/components/common/run-progress.tsx";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { useLiveRecoveries, type RecoveryRow } from "@/components/common/use-live.ts";
import { formatDuration, isActiveStatus, statusLabel, statusTone } from "@/lib/format.ts";
import { clearedFilters, isFiltered, RECOVERY_STATUSES, recoveryListParams, TIME_WINDOW_OPTIONS } from "@/lib/list-params.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { toRecoveryListFilter } from "./recovery-filter.ts";

export const recoveryHref = (id: string) => `/recoveries/${encodeURIComponent(id)}`;

export const actionLabel = (action: string | undefined) =>
  action === "RecoverFiles" ? "Restore files" : action === "DownloadFilesAndFolders" ? "Download files" : (action ?? "—");

const LINK = "font-medium text-primary hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function RecoveriesView() {
  const trpc = useTRPC();
  const canOperate = useCanOperate();
  // Filters live in the URL (`/recoveries?status=Failed&window=24h`) so dashboard links and back/forward work.
  const [filters, setFilters] = useQueryStates(recoveryListParams, { history: "push" });
  // The window's start is fixed when a filter changes, so the query key stays stable between renders.
  const filter = useMemo(() => toRecoveryListFilter(filters), [filters]);
  const list = useInfiniteQuery(trpc.recovery.list.infiniteQueryOptions({ limit: 50, filter }, CURSOR_PAGES));
  const rows = useRows(list);
  const live = useLiveRecoveries(undefined, rows.some((r) => isActiveStatus(r.status)));
  const filtered = isFiltered(recoveryListParams, filters);
  const columns = useMemo(() => {
    const current = (r: RecoveryRow) => (r.id && live.byId.get(r.id)) || r;
    return [
      column<RecoveryRow>("name", "Name", (r) => (r.id ? <Link className={LINK} href={recoveryHref(r.id)}>{r.name ?? r.id}</Link> : r.name)),
      column<RecoveryRow>("action", "Action", (r) => actionLabel(r.recoveryAction)),
      column<RecoveryRow>(
        "status",
        "Status",
        (r) => {
          const { status } = current(r);
          return isActiveStatus(status) ? <RunProgress progress={null} /> : <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>;
        },
        "min-w-40",
      ),
      column<RecoveryRow>("started", "Started", (r) => <LocalTime value={current(r).view.startedAt} />),
      column<RecoveryRow>("duration", "Duration", (r) => formatDuration(current(r).view.durationMs), "tabular-nums"),
      column<RecoveryRow>("by", "By", (r) => r.creationInfo?.userName ?? "—"),
    ];
  }, [live.byId]);
  const restore = (text: ReactNode) => (
    <Button asChild>
      <Link href="/recoveries/new">{text}</Link>
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Recoveries"
        description="Restores and downloads of files from snapshots, with live progress. Times are in your time zone."
        actions={
          canOperate
            ? restore(
                <>
                  <Plus className="h-4 w-4" aria-hidden /> Restore files
                </>,
              )
            : null
        }
      />
      <FilterBar label="Recovery filters" onClear={filtered ? () => void setFilters(clearedFilters(recoveryListParams)) : undefined}>
        <SelectFilter label="Status" value={filters.status} onChange={(status) => void setFilters({ status })} options={RECOVERY_STATUSES.map((s) => [s, statusLabel(s)] as const)} />
        <SelectFilter label="Started" value={filters.window} onChange={(window) => void setFilters({ window })} options={TIME_WINDOW_OPTIONS} any={null} />
      </FilterBar>
      <DataTable
        label="Recoveries"
        columns={columns}
        rows={rows}
        getRowId={(r) => r.id ?? ""}
        query={list}
        errorTitle="Could not load recoveries"
        empty={{
          icon: <LifeBuoy />,
          title: filtered ? "No recoveries match these filters" : "No recoveries yet",
          action: canOperate && !filtered ? restore("Restore files") : undefined,
          children: <p>{filtered ? "Widen the time range or clear the status filter." : "Lost a file? Start a restore: find it by name or pick a host and a restore point."}</p>,
        }}
      />
    </>
  );
}
