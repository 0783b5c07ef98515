"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, HardDrive, RefreshCw, Server, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, Button, Card, ConfirmDialog, ErrorState, Field, Input, PageHeader, Skeleton, toast } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { formatBytes, groupsProtecting, type SourceRow } from "./source-model.ts";
import { ReplaceAgent, SourceRepository } from "./source-repository.tsx";

function Tree({ source }: { source: SourceRow }) {
  const host = source.sourceInfo;
  if (!host) return <p className="text-sm text-muted-foreground">The service reported no object tree for this source yet.</p>;
  return (
    <ul role="tree" aria-label="Objects" className="text-sm">
      <li role="treeitem" aria-expanded aria-selected={false}>
        <span className="flex items-center gap-2 font-medium"><Server className="h-4 w-4" aria-hidden /> {host.name} <Badge>{host.objectType ?? "host"}</Badge> <span className="text-xs text-muted-foreground">id {host.id}</span></span>
        <ul role="group" className="ml-6 mt-2 flex flex-col gap-1.5 border-l border-border pl-4">
          {(host.childObjects ?? []).map((c) => (
            <li role="treeitem" aria-selected={false} key={c.id} className="flex items-center gap-2">
              <HardDrive className="h-4 w-4 text-muted-foreground" aria-hidden /> <span className="font-mono">{c.name}</span>
              <span className="text-xs text-muted-foreground">{c.objectType} · {formatBytes(c.logicalSizeBytes)} · id {c.id}</span>
            </li>
          ))}
          {(host.childObjects ?? []).length === 0 ? <li className="text-muted-foreground">No volumes reported.</li> : null}
        </ul>
      </li>
    </ul>
  );
}

export function SourceDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canEdit = useShell().selectedWorkspace?.role === "admin";
  const source = useQuery(trpc.source.get.queryOptions({ id }));
  const groups = useQuery(trpc.protectionGroup.list.queryOptions({ limit: 100 }));
  const [name, setName] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.source.pathKey() });
  const update = useMutation(trpc.source.update.mutationOptions({
    onSuccess: async (s) => { toast.success(`Source renamed to "${s.name}"`); setName(null); await invalidate(); },
    onError: (e) => toast.error(errorMessage(e, "Could not save the source")),
  }));
  // RefreshProtectionSourceByID: the agent's current volumes replace the tree's.
  const refresh = useMutation(trpc.source.refresh.mutationOptions({
    onSuccess: async (r) => { toast.success(`Volumes of "${r.name ?? id}" refreshed from its agent`); await invalidate(); },
    onError: (e) => toast.error(errorMessage(e, "Could not refresh the source")),
  }));
  const remove = useMutation(trpc.source.delete.mutationOptions({
    onSuccess: async () => { toast.success(`Source "${source.data?.name}" deleted`); setDeleting(false); await invalidate(); router.push("/sources"); },
    onError: (e) => toast.error(errorMessage(e, "Could not delete the source")),
  }));
  const s = source.data;
  const covering = s && groups.data ? groupsProtecting(s, groups.data.items) : [];
  const back = <Button variant="ghost" size="sm" asChild><Link href="/sources"><ArrowLeft className="h-4 w-4" aria-hidden /> All sources</Link></Button>;
  if (source.isPending) return <><PageHeader title="Source" actions={back} /><Skeleton className="h-64" /></>;
  if (source.isError || !s) return <><PageHeader title="Source" actions={back} /><ErrorState message={errorMessage(source.error, "Could not load the source")} /></>;
  const nameError = name !== null && name.trim().length === 0 ? "Name the source" : undefined;
  const save = () => name && s.environment && update.mutate({
    id,
    registration: { environment: s.environment as "kPhysical", name: name.trim(), ...(s.dataSourceConnectionId ? { dataSourceConnectionId: s.dataSourceConnectionId } : {}), ...(s.physicalParams ? { physicalParams: s.physicalParams as never } : {}) },
  });
  return (
    <>
      <PageHeader title={s.name ?? `Source ${id}`} description={`Physical host ${s.physicalParams?.endpoint ?? s.sourceInfo?.name ?? ""}: its volumes as the agent reports them.`} actions={back} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_360px]">
        <Card className="p-5"><h2 className="mb-3 text-base font-semibold">Host and volumes</h2><Tree source={s} /></Card>
        <div className="flex flex-col gap-4">
          <Card className="flex flex-col gap-2 p-5 text-sm">
            <h2 className="text-base font-semibold">Details</h2>
            <p>Registered <LocalTime value={s.registrationTimeMsecs ? new Date(s.registrationTimeMsecs) : null} /></p>
            <p>Last refresh <LocalTime value={s.lastRefreshedTimeMsecs ? new Date(s.lastRefreshedTimeMsecs) : null} /></p>
            {canEdit ? (
              <div>
                <Button variant="secondary" size="sm" loading={refresh.isPending} onClick={() => refresh.mutate({ id })}>
                  <RefreshCw className="h-4 w-4" aria-hidden /> Refresh volumes
                </Button>
              </div>
            ) : null}
            <p>Protected by: {covering.length ? covering.map((g) => <Link key={g.id} className="mr-2 text-primary hover:underline" href={`/protection-groups/${encodeURIComponent(g.id ?? "")}`}>{g.name}</Link>) : <span className="text-muted-foreground">no protection group</span>}</p>
          </Card>
          {s.sourceId !== undefined ? <SourceRepository sourceId={Number(s.sourceId)} canEdit={canEdit} /> : null}
          {canEdit && s.sourceId !== undefined ? <ReplaceAgent sourceId={Number(s.sourceId)} hostName={s.sourceInfo?.name ?? s.name ?? ""} /> : null}
          {canEdit ? (
            <Card className="flex flex-col gap-3 p-5">
              <h2 className="text-base font-semibold">Edit</h2>
              <Field label="Source name" error={nameError}>
                <Input value={name ?? s.name ?? ""} onChange={(e) => setName(e.target.value)} />
              </Field>
              <div className="flex justify-between">
                <Button variant="destructive" onClick={() => setDeleting(true)}><Trash2 className="h-4 w-4" aria-hidden /> Delete source</Button>
                <Button disabled={name === null || !!nameError} loading={update.isPending} onClick={save}>Save</Button>
              </div>
            </Card>
          ) : null}
        </div>
      </div>
      <ConfirmDialog open={deleting} onOpenChange={setDeleting} title={`Delete source ${s.name}?`} confirmLabel={covering.length ? "Try to delete" : "Delete source"} pending={remove.isPending} onConfirm={() => remove.mutate({ id })}>
        {covering.length ? (
          <p role="alert">It is still protected by <strong>{covering.map((g) => g.name).join(", ")}</strong>. The service refuses to delete a source a protection group uses: delete those groups first (their snapshots can be kept).</p>
        ) : (
          <p>The registration of <strong>{s.name}</strong> and its object tree are removed. No protection group uses it; the agent keeps running on the host and can be registered again.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
