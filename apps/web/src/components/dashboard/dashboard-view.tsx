"use client";
import { useQuery } from "@tanstack/react-query";
import { Button, ErrorState, PageHeader, Skeleton } from "@lifeboat/ui";
import { useState } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { DashboardCharts } from "./dashboard-chart.tsx";
import { DashboardTiles } from "./dashboard-tiles.tsx";

/**
 * The dashboard of the selected workspace, or (ops users) of every upstream connection. Figures
 * come from the BFF's background sync tables, so they are as fresh as the last sync ("Updated").
 */
export function DashboardView({ workspaceName, isOps, description }: { workspaceName: string | null; isOps: boolean; description: string }) {
  const trpc = useTRPC();
  const [scope, setScope] = useState<"workspace" | "all">(workspaceName ? "workspace" : "all");
  const all = isOps && scope === "all";
  const refresh = { refetchInterval: 30_000 };
  const summary = useQuery({ ...trpc.dashboard.summary.queryOptions({}, refresh), enabled: !all && workspaceName !== null });
  const ops = useQuery({ ...trpc.dashboard.ops.queryOptions({}, refresh), enabled: all });
  const series = useQuery({ ...trpc.dashboard.series.queryOptions({ days: 30 }, refresh), enabled: !all && workspaceName !== null });
  const opsSeries = useQuery({ ...trpc.dashboard.opsSeries.queryOptions({ days: 30 }, refresh), enabled: all });
  const s = all ? ops : summary;
  const d = all ? opsSeries : series;
  const syncErrors = (s.data?.sync ?? []).filter((x) => x.lastError);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={description}
        actions={
          isOps ? (
            <div role="radiogroup" aria-label="Scope" className="flex gap-1 rounded-md border border-border p-1">
              {workspaceName ? (
                <Button size="sm" role="radio" aria-checked={!all} variant={all ? "ghost" : "primary"} onClick={() => setScope("workspace")}>{workspaceName}</Button>
              ) : null}
              <Button size="sm" role="radio" aria-checked={all} variant={all ? "primary" : "ghost"} onClick={() => setScope("all")}>All workspaces</Button>
            </div>
          ) : null
        }
      />
      {!all && workspaceName === null ? null : (
        <>
          {s.isPending ? <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">{Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-32" />)}</div> : null}
          {s.isError ? <ErrorState title="The dashboard could not be loaded" message={errorMessage(s.error)} action={<Button variant="secondary" onClick={() => void s.refetch()}>Try again</Button>} /> : null}
          {s.data ? (
            <>
              <p className="mb-3 text-xs text-muted-foreground">Updated <LocalTime value={s.data.generatedAt} /> from the last background sync.</p>
              {syncErrors.length > 0 ? (
                <div className="mb-4">
                  <ErrorState title="Some figures may be stale" message={`The sync from the backup service failed: ${syncErrors.map((x) => `${x.stream}: ${x.lastError}`).join("; ")}. Check the upstream connection in Settings.`} />
                </div>
              ) : null}
              <DashboardTiles summary={s.data} />
            </>
          ) : null}
          <div className="mt-6">
            {d.isPending ? <Skeleton className="h-72" /> : null}
            {d.isError ? <ErrorState title="The charts could not be loaded" message={errorMessage(d.error)} /> : null}
            {d.data ? <DashboardCharts days={d.data.days} /> : null}
          </div>
        </>
      )}
    </>
  );
}
