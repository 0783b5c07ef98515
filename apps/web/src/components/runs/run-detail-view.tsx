"use client";
// One run: summary, live progress, per-object figures (bytes read/written, files, duration,
// status), warnings and messages, and the operator actions. The live watch carries status and
// progress; the per-object figures come from `run.get` with object details, refetched whenever
// the live status changes. The run's progress as the upstream reports it (GetProtectionRunProgress:
// percentage and files backed up of those found) comes from `run.progress`, polled while it runs.
import { Badge, Button, Card, EmptyState, ErrorState, PageHeader, Skeleton, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@lifeboat/ui";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { RunActions } from "./run-actions.tsx";
import { formatBytes, formatDuration, isActiveStatus, objectProgressOf, plainStatus, runTypeLabel, statusLabel, statusTone, usecsToDateOrNull } from "@/lib/format.ts";
import { RunProgress } from "@/components/common/run-progress.tsx";
import { useLiveRuns, type RunRow } from "@/components/common/use-live.ts";

type ObjectResult = NonNullable<RunRow["objects"]>[number];

// Run statuses and SnapshotInfo's own (reference §M.4: kCurrentAttempt…, kWaitingFor…) while an object is not done.
const OBJECT_ACTIVE = /^k?(InProgress|Running|Accepted|Queued|Paused|Finalizing|CurrentAttempt(Paused|Pausing|Resuming)|WaitingFor(NextAttempt|OlderBackupRun))$/;
const OBJECT_POLL_MS = 3_000;

function objectFigures(o: ObjectResult) {
  const info = o.localSnapshotInfo ?? o.originalBackupInfo;
  const snap = info?.snapshotInfo;
  const start = usecsToDateOrNull(snap?.startTimeUsecs);
  const end = usecsToDateOrNull(snap?.endTimeUsecs);
  const messages = [
    ...(snap?.statusMessage ? [snap.statusMessage] : []),
    ...(info?.failedAttempts ?? []).flatMap((a) => (a.message ? [`Earlier attempt: ${a.message}`] : [])),
  ];
  return {
    name: o.object?.name ?? String(o.object?.id ?? "—"),
    status: snap?.status,
    // The object's own percentage and ETA while it runs (Lifeboat engine extension).
    progress: OBJECT_ACTIVE.test(snap?.status ?? "") ? objectProgressOf(o) : null,
    read: snap?.stats?.bytesRead,
    written: snap?.stats?.bytesWritten,
    files: snap?.backupFileCount ?? snap?.totalFileCount,
    durationMs: start ? (end ?? new Date()).getTime() - start.getTime() : null,
    warnings: snap?.warnings ?? [],
    messages,
  };
}

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

export function RunDetailView({ groupId, runId }: { groupId: string; runId: string }) {
  const trpc = useTRPC();
  // The per-object figures come from `run.get`: refetched on each live status change, and every few
  // seconds while an object is still in progress (its snapshot can settle after the run's status).
  const run = useQuery(
    trpc.protectionGroup.run.get.queryOptions(
      { groupId, runId, includeObjectDetails: true },
      { refetchInterval: (q) => ((q.state.data?.objects ?? []).some((o) => OBJECT_ACTIVE.test((o.localSnapshotInfo ?? o.originalBackupInfo)?.snapshotInfo?.status ?? "")) ? OBJECT_POLL_MS : false) },
    ),
  );
  const group = useQuery(trpc.protectionGroup.get.queryOptions({ id: groupId }));
  // An upstream without GetProtectionRunProgress simply leaves the two figures out.
  const progress = useQuery(
    trpc.protectionGroup.run.progress.queryOptions(
      { groupId, runId },
      { retry: false, refetchInterval: (q) => (q.state.data?.localRun?.status === "Active" ? OBJECT_POLL_MS : false) },
    ),
  );
  const live = useLiveRuns(groupId);
  const liveRun = live.byId.get(runId);
  const liveStatus = liveRun?.view.status;
  const { refetch } = run;
  const { refetch: refetchProgress } = progress;
  useEffect(() => {
    if (liveStatus) {
      void refetch();
      void refetchProgress();
    }
  }, [liveStatus, refetch, refetchProgress]);

  const groupName = group.data?.name ?? groupId;
  const back = (
    <Button variant="ghost" size="sm" asChild>
      <Link href="/runs">
        <ArrowLeft className="h-4 w-4" aria-hidden /> All runs
      </Link>
    </Button>
  );
  if (run.isPending) {
    return (
      <>
        {back}
        <div role="status" aria-label="Loading run" className="mt-4 flex flex-col gap-3">
          <Skeleton className="h-8 w-72" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      </>
    );
  }
  if (run.isError) {
    return (
      <>
        {back}
        <div className="mt-4">
          <ErrorState title={`Could not load run ${runId}`} message={errorMessage(run.error)} action={<Button variant="secondary" onClick={() => void run.refetch()}>Try again</Button>} />
        </div>
      </>
    );
  }
  const current = { ...run.data, ...(liveRun ? { view: liveRun.view, localBackupInfo: liveRun.localBackupInfo ?? run.data.localBackupInfo } : {}) };
  const info = current.localBackupInfo ?? current.originalBackupInfo;
  const status = current.view.status ?? info?.status;
  const objects = (run.data.objects ?? []).map(objectFigures);
  const allWarnings = objects.flatMap((o) => o.warnings.map((w) => ({ object: o.name, text: w })));
  const messages = info?.messages ?? [];
  const localRun = progress.data?.localRun;
  return (
    <>
      {back}
      <div className="mt-2">
        <PageHeader
          title={`Run of ${groupName}`}
          description={
            <>
              <span className="font-mono">{runId}</span> · {runTypeLabel(info?.runType)} backup
            </>
          }
          actions={<RunActions groupId={groupId} runId={runId} groupName={groupName} status={status} />}
        />
      </div>
      <Card className="mb-6 p-4">
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
          {isActiveStatus(status) ? (
            <RunProgress className="w-full max-w-md" progress={current.view.progress} etaMs={current.view.etaMs} paused={plainStatus(status) === "Paused"} />
          ) : ["Succeeded", "SucceededWithWarning"].includes(plainStatus(status)) ? (
            // A finished run's bar stays on the page, full, where the live one was.
            <RunProgress className="w-full max-w-md" progress={1} />
          ) : null}
          {live.status === "error" ? <span className="text-xs text-muted-foreground">Live updates unavailable — reload to retry</span> : null}
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label="Started">
            <LocalTime value={current.view.startedAt} />
          </Figure>
          <Figure label="Ended">
            <LocalTime value={current.view.endedAt} />
          </Figure>
          <Figure label="Duration">{formatDuration(current.view.durationMs)}</Figure>
          <Figure label="Read">{formatBytes(info?.localSnapshotStats?.bytesRead)}</Figure>
          <Figure label="Written">{formatBytes(info?.localSnapshotStats?.bytesWritten)}</Figure>
          <Figure label="Objects">
            {info?.successfulObjectsCount ?? 0} ok · {info?.failedObjectsCount ?? 0} failed
          </Figure>
          {localRun ? (
            <>
              <Figure label="Progress">
                {localRun.percentageCompleted !== undefined ? `${Math.round(localRun.percentageCompleted * 10) / 10} %` : "—"} · {localRun.status ?? "—"}
              </Figure>
              <Figure label="Files backed up">
                {localRun.stats?.backupFileCount ?? 0} of {localRun.stats?.totalFileCount ?? 0}
                {localRun.stats?.fileWalkDone === false ? " found so far" : ""}
              </Figure>
            </>
          ) : null}
        </dl>
      </Card>
      {messages.length > 0 ? (
        <Card className="mb-6 p-4">
          <h2 className="mb-2 text-sm font-semibold">Messages</h2>
          <ul className="list-disc pl-5 text-sm">
            {messages.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </Card>
      ) : null}
      {allWarnings.length > 0 ? (
        <Card className="mb-6 border-amber-400/60 p-4">
          <h2 className="mb-2 flex items-center gap-2 text-sm font-semibold">
            <AlertTriangle className="h-4 w-4 text-amber-500" aria-hidden /> {allWarnings.length} warning{allWarnings.length === 1 ? "" : "s"}
          </h2>
          <ul className="max-h-64 overflow-auto text-sm">
            {allWarnings.map((w, i) => (
              <li key={i} className="py-0.5">
                <span className="font-medium">{w.object}:</span> {w.text}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <h2 className="mb-2 text-base font-semibold">Objects</h2>
      {objects.length === 0 ? (
        <EmptyState title="No per-object figures yet">
          <p>The upstream has not reported objects for this run. They appear once the run starts copying data.</p>
        </EmptyState>
      ) : (
        <Table aria-label="Objects of this run">
          <TableHead>
            <tr>
              <TableHeaderCell>Object</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell className="text-right">Read</TableHeaderCell>
              <TableHeaderCell className="text-right">Written</TableHeaderCell>
              <TableHeaderCell className="text-right">Files</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell>Messages</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {objects.map((o, i) => (
              <TableRow key={i}>
                <TableCell className="font-medium">{o.name}</TableCell>
                <TableCell>
                  <Badge tone={statusTone(o.status)}>{statusLabel(o.status)}</Badge>
                  {o.progress ? <RunProgress className="mt-1 w-32" progress={o.progress.fraction} etaMs={o.progress.etaMs} paused={/Paused$/.test(o.status ?? "")} /> : null}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(o.read)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(o.written)}</TableCell>
                <TableCell className="text-right tabular-nums">{o.files ?? "—"}</TableCell>
                <TableCell className="tabular-nums">{formatDuration(o.durationMs)}</TableCell>
                <TableCell className="max-w-md text-xs">{[...o.messages, ...(o.warnings.length ? [`${o.warnings.length} warning(s)`] : [])].join(" · ") || "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
