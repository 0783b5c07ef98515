"use client";
// The host's own repository on a Lifeboat engine: the last `restic check` (and a "Check now" for
// admins), snapshots the reconcile found in storage that no run owns (orphans) or lost from storage
// (unrestorable) — and the admin's explicit "Replace agent", the only way a registered host moves to
// another agent (a registration token never does).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { Badge, type BadgeTone, Button, Card, ConfirmDialog, Field, Select, toast } from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

const CHECK_TONE: Record<string, BadgeTone> = { Passed: "success", Failed: "danger", Error: "danger", Running: "info", NotRun: "neutral" };

export function SourceRepository({ sourceId, canEdit }: { sourceId: number; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repo = useQuery({ ...trpc.source.repository.queryOptions({ sourceId }), retry: false, refetchInterval: 10_000 });
  const check = useMutation(trpc.source.checkRepository.mutationOptions({
    onSuccess: async () => { toast.success("Check requested; the result appears here when restic is done"); await queryClient.invalidateQueries({ queryKey: trpc.source.repository.pathKey() }); },
    onError: (e) => toast.error(errorMessage(e, "Could not request a check")),
  }));
  if (repo.isError) {
    // A non-Lifeboat upstream keeps its storage to itself: nothing to show.
    return null;
  }
  const r = repo.data;
  return (
    <Card className="flex flex-col gap-2 p-5 text-sm" aria-label="Repository">
      <h2 className="flex items-center gap-2 text-base font-semibold"><ShieldCheck className="h-4 w-4" aria-hidden /> Repository</h2>
      {repo.isPending ? <p className="text-muted-foreground">Loading…</p> : null}
      {r === null ? <p className="text-muted-foreground">This host gets its own repository with its first backup.</p> : null}
      {r ? (
        <>
          <p>
            Integrity check: <Badge tone={CHECK_TONE[r.check.status] ?? "neutral"} data-testid="repository-check-status">{r.check.status === "NotRun" ? "not run yet" : r.check.status}</Badge>
            {r.check.lastRunAt ? <> <LocalTime value={new Date(r.check.lastRunAt)} /></> : null}
          </p>
          {r.check.message && r.check.status !== "Passed" ? <pre className="max-h-40 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs" role="status">{r.check.message}</pre> : null}
          {r.check.nextDueAt ? <p className="text-muted-foreground">Next scheduled check <LocalTime value={new Date(r.check.nextDueAt)} />{r.check.readDataSubset ? ` (reads ${r.check.readDataSubset} of the data)` : ""}</p> : null}
          <p>
            Reconciled {r.reconcile.lastRunAt ? <LocalTime value={new Date(r.reconcile.lastRunAt)} /> : "not yet"}:{" "}
            {r.reconcile.missingSnapshots.length ? <Badge tone="danger">{r.reconcile.missingSnapshots.length} unrestorable</Badge> : null}{" "}
            {r.reconcile.orphanSnapshots.length ? <Badge tone="warning">{r.reconcile.orphanSnapshots.length} orphaned</Badge> : null}
            {!r.reconcile.missingSnapshots.length && !r.reconcile.orphanSnapshots.length ? <span className="text-muted-foreground">every snapshot accounted for</span> : null}
          </p>
          {r.reconcile.missingSnapshots.length ? (
            <ul className="text-xs text-danger" aria-label="Unrestorable snapshots">
              {r.reconcile.missingSnapshots.map((m) => <li key={m.snapshotId}>Snapshot {m.snapshotId} (run {m.runId}) is gone from storage since <LocalTime value={new Date(m.missingSince)} />: it cannot be restored.</li>)}
            </ul>
          ) : null}
          {r.reconcile.orphanSnapshots.length ? (
            <ul className="text-xs text-muted-foreground" aria-label="Orphaned snapshots">
              {r.reconcile.orphanSnapshots.slice(0, 10).map((o) => <li key={o.id}>restic snapshot {o.id.slice(0, 8)} of {o.hostname}, <LocalTime value={new Date(o.time)} />, names no run: kept, not restorable from Lifeboat.</li>)}
            </ul>
          ) : null}
          {canEdit ? (
            <div><Button size="sm" variant="secondary" loading={check.isPending} onClick={() => check.mutate({ sourceId, repositoryId: r.repositoryId })}>Check now</Button></div>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

export function ReplaceAgent({ sourceId, hostName }: { sourceId: number; hostName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connectors = useQuery(trpc.connector.list.queryOptions({ limit: 100 }));
  const [connectorId, setConnectorId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const replace = useMutation(trpc.source.replaceAgent.mutationOptions({
    onSuccess: async () => { toast.success("The host's backups now go through the chosen agent"); setConfirming(false); await queryClient.invalidateQueries({ queryKey: trpc.source.pathKey() }); },
    onError: (e) => toast.error(errorMessage(e, "Could not replace the agent")),
  }));
  const chosen = connectors.data?.items.find((c) => c.connectorId === connectorId);
  return (
    <Card className="flex flex-col gap-3 p-5 text-sm">
      <h2 className="text-base font-semibold">Replace agent</h2>
      <p className="text-muted-foreground">After a reinstall or a move to a new machine, bind this host to the new agent. A new agent that registers with this host&apos;s name never takes it over by itself.</p>
      <Field label="New agent">
        <Select value={connectorId} onChange={(e) => setConnectorId(e.target.value)} aria-label="New agent">
          <option value="">Choose an agent…</option>
          {(connectors.data?.items ?? []).map((c) => <option key={c.connectorId} value={c.connectorId ?? ""}>{c.connectorName} ({String(c.hostName ?? "")}, {c.connectorId})</option>)}
        </Select>
      </Field>
      <div><Button variant="secondary" disabled={!connectorId} onClick={() => setConfirming(true)}>Replace agent</Button></div>
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title={`Replace the agent of ${hostName}?`} confirmLabel="Replace agent" pending={replace.isPending} onConfirm={() => replace.mutate({ sourceId, connectorId })}>
        <p>Backups and restores of <strong>{hostName}</strong> will run on agent <strong>{chosen?.connectorName ?? connectorId}</strong>, which then also holds this host&apos;s repository. The change is recorded in the audit log.</p>
      </ConfirmDialog>
    </Card>
  );
}
