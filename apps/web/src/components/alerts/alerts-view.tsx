"use client";
// The Alerts page: open and resolved alerts of the workspace with filters (status, severity,
// condition, subject), acknowledge with a note (operators), and the CSV reports.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellOff, Download } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Field,
  Input,
  LoadMore,
  PageHeader,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  TableSkeleton,
  toast,
} from "@lifeboat/ui";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterInputs, RouterOutputs } from "@/trpc/types.ts";

type AlertRow = RouterOutputs["alert"]["list"]["items"][number];
type ListInput = Exclude<RouterInputs["alert"]["list"], undefined | void>;
export const SEVERITY_TONE = { critical: "danger", warning: "warning", info: "info" } as const;

function subjectText(a: AlertRow): string {
  const s = a.subject;
  const base = `${s.kind === "protectionGroup" ? "Group" : s.kind === "agent" ? "Agent" : s.kind === "object" ? "Object" : s.kind} ${s.name}`;
  return s.runId && s.kind === "protectionGroup" ? `${base} · run ${s.runId}` : base;
}

function download(url: string, fileName: string) {
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}

export function AlertsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canOperate = useCanOperate();
  const [status, setStatus] = useState<ListInput["status"]>("open");
  const [severity, setSeverity] = useState<ListInput["severity"] | "">("");
  const [condition, setCondition] = useState<ListInput["condition"] | "">("");
  const [subject, setSubject] = useState("");
  const subjectQuery = useDebounced(subject.trim(), 300);
  const [acking, setAcking] = useState<AlertRow | null>(null);
  const [note, setNote] = useState("");

  const conditions = useQuery(trpc.alert.conditions.queryOptions());
  const input: ListInput = {
    limit: 50,
    status,
    ...(severity ? { severity } : {}),
    ...(condition ? { condition } : {}),
    ...(subjectQuery ? { subject: subjectQuery } : {}),
  };
  const list = useInfiniteQuery(trpc.alert.list.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor, refetchInterval: 30_000 }));
  const acknowledge = useMutation(
    trpc.alert.acknowledge.mutationOptions({
      onSuccess: async (a) => {
        toast.success(`Acknowledged: ${a.conditionLabel}`);
        setAcking(null);
        setNote("");
        await queryClient.invalidateQueries({ queryKey: trpc.alert.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e, "Could not acknowledge the alert")),
    }),
  );
  const report = useMutation(
    trpc.report.download.mutationOptions({
      onSuccess: (t) => download(t.url, t.fileName),
      onError: (e) => toast.error(errorMessage(e, "The report could not be downloaded")),
    }),
  );

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Problems the portal found in this workspace: failed runs, missed SLAs, stale protection, offline agents and more. Each resolves by itself when its condition clears."
        actions={
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => report.mutate({ report: "protection" })} disabled={report.isPending}>
              <Download className="h-4 w-4" aria-hidden /> Protection report (CSV)
            </Button>
            <Button variant="secondary" onClick={() => report.mutate({ report: "runs" })} disabled={report.isPending}>
              <Download className="h-4 w-4" aria-hidden /> Run history (CSV)
            </Button>
          </div>
        }
      />
      <div className="mb-4 grid grid-cols-1 gap-3 md:grid-cols-4" role="search" aria-label="Filter alerts">
        <Field label="Status">
          <Select value={status} onChange={(e) => setStatus(e.target.value as ListInput["status"])}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Field label="Severity">
          <Select value={severity} onChange={(e) => setSeverity(e.target.value as ListInput["severity"] | "")}>
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </Select>
        </Field>
        <Field label="Condition">
          <Select value={condition} onChange={(e) => setCondition(e.target.value as ListInput["condition"] | "")}>
            <option value="">Any</option>
            {conditions.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Subject">
          <Input value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="Group, host or agent name" />
        </Field>
      </div>
      {list.isPending ? <TableSkeleton columns={6} /> : null}
      {list.isError ? (
        <ErrorState message={errorMessage(list.error, "Could not load the alerts")} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
      ) : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState icon={<BellOff />} title={status === "open" ? "No open alerts" : "No alerts"}>
          <p>Nothing needs attention here. Rules under Settings → Alerts decide who is notified when something does.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Table aria-label="Alerts">
          <TableHead>
            <tr>
              <TableHeaderCell>Severity</TableHeaderCell>
              <TableHeaderCell>Condition</TableHeaderCell>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>Message</TableHeaderCell>
              <TableHeaderCell>First seen</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell className="text-right">Actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((a) => (
              <TableRow key={a.id} data-alert-id={a.id}>
                <TableCell>
                  <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>
                </TableCell>
                <TableCell className="font-medium">{a.conditionLabel}</TableCell>
                <TableCell>{subjectText(a)}</TableCell>
                <TableCell className="max-w-md">{a.message}</TableCell>
                <TableCell>
                  <LocalTime value={a.firstSeenAt} />
                </TableCell>
                <TableCell>
                  <LocalTime value={a.lastSeenAt} />
                </TableCell>
                <TableCell>
                  {a.status === "resolved" ? (
                    <Badge tone="success">resolved</Badge>
                  ) : a.acknowledgedAt ? (
                    <span title={a.acknowledgeNote ?? undefined}>
                      <Badge tone="neutral">acknowledged</Badge> <span className="text-xs text-muted-foreground">by {a.acknowledgedBy}</span>
                    </span>
                  ) : (
                    <Badge tone="danger">open</Badge>
                  )}
                  {a.acknowledgeNote ? <p className="mt-1 text-xs text-muted-foreground">“{a.acknowledgeNote}”</p> : null}
                </TableCell>
                <TableCell>
                  <div className="flex justify-end">
                    {canOperate && a.status === "open" && !a.acknowledgedAt ? (
                      <Button variant="ghost" size="sm" onClick={() => setAcking(a)} aria-label={`Acknowledge ${a.conditionLabel}: ${a.subject.name}`}>
                        Acknowledge
                      </Button>
                    ) : null}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <LoadMore list={list} className="mt-3" />
      {acking ? (
        <Dialog
          open
          onOpenChange={(o) => !o && setAcking(null)}
          title={`Acknowledge "${acking.conditionLabel}"`}
          description={acking.message}
          footer={
            <>
              <Button variant="secondary" onClick={() => setAcking(null)}>
                Cancel
              </Button>
              <Button onClick={() => acknowledge.mutate({ id: acking.id, ...(note.trim() ? { note: note.trim() } : {}) })} disabled={acknowledge.isPending}>
                Acknowledge
              </Button>
            </>
          }
        >
          <Field label="Note" hint="Optional: what is being done about it. Shown with the alert.">
            <Input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </Dialog>
      ) : null}
    </>
  );
}
