"use client";
// One recovery: live status, what it restores and where, per-item status and messages, Cancel while
// it runs, and the download of a finished download-files recovery (a BFF ticket, streamed by /api/download).
import { Badge, Button, Card, ErrorState, PageHeader, Skeleton, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, toast } from "@lifeboat/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, Download } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatDuration, isActiveStatus, plainStatus, statusLabel, statusTone } from "@/lib/format.ts";
import { RunProgress } from "@/components/common/run-progress.tsx";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { useLiveRecoveries } from "@/components/common/use-live.ts";
import { actionLabel } from "./recoveries-view.tsx";
import { CancelRecoveryButton } from "./recovery-cancel.tsx";

/** Follows a download URL in the browser (its session cookie goes along; nothing is buffered here). */
export function startBrowserDownload(url: string, fileName: string) {
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function RecoveryDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const canOperate = useCanOperate();
  const recovery = useQuery(trpc.recovery.get.queryOptions({ id }));
  const live = useLiveRecoveries([id], recovery.isSuccess && isActiveStatus(recovery.data.status));
  const liveStatus = live.byId.get(id)?.status;
  const { refetch } = recovery;
  useEffect(() => {
    if (liveStatus) void refetch();
  }, [liveStatus, refetch]);
  const download = useMutation(
    trpc.recovery.download.mutationOptions({
      onSuccess: (t) => {
        startBrowserDownload(t.url, t.fileName);
        toast.success(`Downloading ${t.fileName}`);
      },
      onError: (e) => toast.error(errorMessage(e, "Could not start the download")),
    }),
  );
  const back = (
    <Button variant="ghost" size="sm" asChild>
      <Link href="/recoveries">
        <ArrowLeft className="h-4 w-4" aria-hidden /> All recoveries
      </Link>
    </Button>
  );
  if (recovery.isPending) {
    return (
      <>
        {back}
        <div role="status" aria-label="Loading recovery" className="mt-4 flex flex-col gap-3">
          <Skeleton className="h-8 w-72" />
          <Skeleton className="h-40 w-full" />
        </div>
      </>
    );
  }
  if (recovery.isError) {
    return (
      <>
        {back}
        <div className="mt-4">
          <ErrorState title={`Could not load recovery ${id}`} message={errorMessage(recovery.error)} action={<Button variant="secondary" onClick={() => void recovery.refetch()}>Try again</Button>} />
        </div>
      </>
    );
  }
  const r = { ...recovery.data, ...(live.byId.get(id) ?? {}) };
  const files = r.physicalParams?.recoverFileAndFolderParams?.filesAndFolders ?? r.physicalParams?.downloadFileAndFolderParams?.filesAndFolders ?? [];
  const target = r.physicalParams?.recoverFileAndFolderParams?.physicalTargetParams;
  const isDownload = r.recoveryAction === "DownloadFilesAndFolders";
  const finishedOk = ["Succeeded", "SucceededWithWarning"].includes(plainStatus(r.status));
  return (
    <>
      {back}
      <div className="mt-2">
        <PageHeader
          title={r.name ?? id}
          description={`${actionLabel(r.recoveryAction)} · ${id}`}
          actions={
            <div className="flex items-center gap-2">
              <CancelRecoveryButton id={id} name={r.name ?? id} status={r.status} />
              {isDownload && canOperate ? (
                <Button disabled={!finishedOk} loading={download.isPending} onClick={() => download.mutate({ id })} title={finishedOk ? undefined : "Available once the recovery has finished"}>
                  <Download className="h-4 w-4" aria-hidden /> Download zip
                </Button>
              ) : null}
            </div>
          }
        />
      </div>
      <Card className="mb-6 p-4">
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <Badge tone={statusTone(r.status)}>{statusLabel(r.status)}</Badge>
          {isActiveStatus(r.status) ? <RunProgress className="w-full max-w-md" progress={null} /> : null}
        </div>
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-muted-foreground">Started</dt>
            <dd><LocalTime value={r.view.startedAt} /></dd>
          </div>
          <div>
            <dt className="text-xs text-muted-foreground">Ended</dt>
            <dd><LocalTime value={r.view.endedAt} /></dd>
          </div>
          <div>
            <dt className="text-xs text-muted-foreground">Duration</dt>
            <dd className="tabular-nums">{formatDuration(r.view.durationMs)}</dd>
          </div>
          <div>
            <dt className="text-xs text-muted-foreground">Destination</dt>
            <dd>
              {isDownload
                ? "Zip download"
                : target
                  ? target.restoreToOriginalPaths === false
                    ? `${target.alternateRestoreDirectory ?? "?"} on host #${target.recoverTarget?.id ?? "?"}`
                    : "Original place"
                  : "—"}
              {target?.overwriteExisting ? " · overwrites existing files" : ""}
            </dd>
          </div>
        </dl>
      </Card>
      {(r.messages ?? []).length > 0 ? (
        <Card className="mb-6 p-4">
          <h2 className="mb-2 text-sm font-semibold">Messages</h2>
          <ul className="list-disc pl-5 text-sm">{(r.messages ?? []).map((m, i) => <li key={i}>{m}</li>)}</ul>
        </Card>
      ) : null}
      <h2 className="mb-2 text-base font-semibold">Files and folders</h2>
      <Table aria-label="Files and folders of this recovery">
        <TableHead>
          <tr>
            <TableHeaderCell>Path</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Messages</TableHeaderCell>
          </tr>
        </TableHead>
        <TableBody>
          {files.map((f, i) => (
            <TableRow key={i}>
              <TableCell className="font-mono text-xs">{f.absolutePath}</TableCell>
              <TableCell>{f.isDirectory ? "Folder" : "File"}</TableCell>
              <TableCell>{f.status ? <Badge tone={f.status === "Finished" ? "success" : "info"}>{f.status}</Badge> : "—"}</TableCell>
              <TableCell className="text-xs">{(f.messages ?? []).join(" · ") || "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
