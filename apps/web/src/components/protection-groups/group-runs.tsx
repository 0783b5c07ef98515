"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { Button, ErrorState, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, TableSkeleton, toast } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunStatus } from "./run-status.tsx";

const duration = (ms: number | null) => (ms === null ? "—" : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** Run history of one group and "Run now" for operators. */
export function GroupRuns({ groupId, canRun }: { groupId: string; canRun: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useInfiniteQuery(
    trpc.protectionGroup.run.list.infiniteQueryOptions({ groupId, limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
  );
  const runNow = useMutation(
    trpc.protectionGroup.run.runNow.mutationOptions({
      onSuccess: async (_r, input) => {
        // §Q 3: the answer has no run id; the run shows up in the list moments later.
        toast.success(`${input.run?.runType === "kFull" ? "Full" : "Incremental"} run requested; it appears below once it starts`);
        await queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.list.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e, "Could not start the run")),
    }),
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-label="Runs" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Runs</h2>
        {canRun ? (
          <div className="flex gap-2">
            <Button size="sm" loading={runNow.isPending && runNow.variables?.run?.runType !== "kFull"} onClick={() => runNow.mutate({ groupId, run: { runType: "kRegular" } })}>
              <Play className="h-4 w-4" aria-hidden /> Run now (incremental)
            </Button>
            <Button size="sm" variant="secondary" loading={runNow.isPending && runNow.variables?.run?.runType === "kFull"} onClick={() => runNow.mutate({ groupId, run: { runType: "kFull" } })}>
              Run full backup
            </Button>
          </div>
        ) : null}
      </div>
      {runs.isPending ? <TableSkeleton columns={4} rows={3} /> : null}
      {runs.isError ? (
        <ErrorState
          title="Run history is not available"
          message={errorMessage(runs.error, "Could not load runs")}
          action={<Button variant="secondary" size="sm" onClick={() => void runs.refetch()}>Try again</Button>}
        />
      ) : null}
      {runs.isSuccess && items.length === 0 ? <p className="text-sm text-muted-foreground">No runs yet. The first one starts at the next scheduled time{canRun ? ", or use Run now" : ""}.</p> : null}
      {items.length > 0 ? (
        <Table aria-label="Run history">
          <TableHead>
            <tr>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((r) => (
              <TableRow key={r.id}>
                <TableCell><LocalTime value={r.view.startedAt} /></TableCell>
                <TableCell>{(r.localBackupInfo?.runType ?? "").replace(/^k/, "") || "—"}</TableCell>
                <TableCell><RunStatus status={r.view.status} /></TableCell>
                <TableCell>{duration(r.view.durationMs)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {runs.hasNextPage ? <Button variant="secondary" size="sm" loading={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>Older runs</Button> : null}
    </section>
  );
}
