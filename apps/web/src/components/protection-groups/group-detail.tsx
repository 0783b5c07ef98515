"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Pause, Pencil, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { nextRun } from "@lifeboat/policy";
import { Badge, Button, Card, ConfirmDialog, ErrorState, PageHeader, Skeleton, toast } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { GroupForm } from "./group-form.tsx";
import { fromGroup, toGroupRequest } from "./group-form-model.ts";
import { GroupRuns } from "./group-runs.tsx";

export function GroupDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const role = useShell().selectedWorkspace?.role;
  const isAdmin = role === "admin";
  const canRun = role === "admin" || role === "operator";
  const group = useQuery(trpc.protectionGroup.get.queryOptions({ id, includeLastRunInfo: true }));
  const policy = useQuery({ ...trpc.policy.get.queryOptions({ id: group.data?.policyId ?? "" }), enabled: !!group.data?.policyId });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [keepSnapshots, setKeepSnapshots] = useState(true);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.pathKey() });
  const pause = useMutation(trpc.protectionGroup.update.mutationOptions({
    onSuccess: async (g) => { toast.success(g.isPaused ? `"${g.name}" paused: no scheduled runs` : `"${g.name}" resumed`); await invalidate(); },
    onError: (e) => toast.error(errorMessage(e, "Could not change the group")),
  }));
  const remove = useMutation(trpc.protectionGroup.delete.mutationOptions({
    onSuccess: async () => { toast.success(`Protection group "${group.data?.name}" deleted`); await invalidate(); router.push("/protection-groups"); },
    onError: (e) => toast.error(errorMessage(e, "Could not delete the group")),
  }));
  const back = <Button variant="ghost" size="sm" asChild><Link href="/protection-groups"><ArrowLeft className="h-4 w-4" aria-hidden /> All groups</Link></Button>;
  if (group.isPending) return <><PageHeader title="Protection group" actions={back} /><Skeleton className="h-64" /></>;
  if (group.isError || !group.data) return <><PageHeader title="Protection group" actions={back} /><ErrorState message={errorMessage(group.error, "Could not load the group")} /></>;
  const g = group.data;
  const values = fromGroup(g);
  const lastAt = g.lastRun?.localBackupInfo?.startTimeUsecs ? new Date(g.lastRun.localBackupInfo.startTimeUsecs / 1000) : null;
  const now = new Date();
  const next = nextRun({ policy: policy.data, isPaused: g.isPaused, createdAt: g.creationTimeUsecs ? new Date(g.creationTimeUsecs / 1000) : null, lastRunAt: lastAt, startTime: g.startTime, now });
  return (
    <>
      <PageHeader
        title={g.name ?? "Protection group"}
        description={g.description ?? "Hosts and paths backed up on the policy's schedule."}
        actions={
          <>
            {back}
            {isAdmin ? (
              <>
                <Button variant="secondary" size="sm" loading={pause.isPending} onClick={() => pause.mutate({ id, group: toGroupRequest({ ...values, isPaused: !g.isPaused }, g) })}>
                  {g.isPaused ? <><Play className="h-4 w-4" aria-hidden /> Resume schedule</> : <><Pause className="h-4 w-4" aria-hidden /> Pause schedule</>}
                </Button>
                <Button variant="secondary" size="sm" onClick={() => setEditing((x) => !x)}><Pencil className="h-4 w-4" aria-hidden /> {editing ? "Close editor" : "Edit"}</Button>
                <Button variant="ghost" size="sm" aria-label={`Delete protection group ${g.name}`} onClick={() => setDeleting(true)}><Trash2 className="h-4 w-4" aria-hidden /></Button>
              </>
            ) : null}
          </>
        }
      />
      {editing ? <div className="mb-6"><GroupForm key={String(g.lastModifiedTimestampUsecs)} group={g} onSaved={() => setEditing(false)} /></div> : null}
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <Card className="p-4 text-sm">
          <h2 className="mb-1 font-semibold">State</h2>
          {g.isPaused ? <Badge tone="warning">Paused</Badge> : <Badge tone="success">Active</Badge>}
          <p className="mt-2 text-muted-foreground">Next run (estimated): {next.kind === "at" ? (next.at.getTime() <= now.getTime() + 60_000 ? "due now (never run yet, or overdue)" : <LocalTime value={next.at} />) : next.kind === "paused" ? "paused" : next.reason}</p>
        </Card>
        <Card className="p-4 text-sm">
          <h2 className="mb-1 font-semibold">Policy</h2>
          {policy.data ? <><Link className="text-primary hover:underline" href={`/policies/${encodeURIComponent(policy.data.id ?? "")}`}>{policy.data.name}</Link><p className="text-muted-foreground first-letter:uppercase">{policy.data.summary}</p></> : <p>{g.policyId}</p>}
        </Card>
        <Card className="p-4 text-sm">
          <h2 className="mb-1 font-semibold">What is backed up</h2>
          <p>{values.objectIds.length} host(s): <span className="font-mono">{values.includePaths.split("\n").join(", ")}</span></p>
          {values.excludePaths ? <p className="text-muted-foreground">Skipping <span className="font-mono">{values.excludePaths.split("\n").join(", ")}</span></p> : null}
        </Card>
      </div>
      <GroupRuns groupId={id} canRun={canRun} />
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={`Delete protection group ${g.name}?`} confirmLabel="Delete group" pending={remove.isPending} onConfirm={() => remove.mutate({ id, deleteSnapshots: !keepSnapshots })}>
        <p>No more backups of these hosts will run for <strong>{g.name}</strong>.</p>
        <label className="mt-3 flex items-center gap-2">
          <input type="checkbox" className="h-4 w-4 accent-primary" checked={keepSnapshots} onChange={(e) => setKeepSnapshots(e.target.checked)} />
          Keep its snapshots until they expire (uncheck to delete every snapshot of this group now — they cannot be restored afterwards)
        </label>
      </ConfirmDialog>
    </>
  );
}
