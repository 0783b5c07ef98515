"use client";
// The Alerts page: open and resolved alerts of the workspace with filters (status, severity,
// condition, subject), acknowledge with a note (operators), and the CSV reports.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellOff, Download } from "lucide-react";
import { debounce, useQueryStates } from "nuqs";
import { useMemo, useState } from "react";
import { Badge, Button, Dialog, Field, Input, PageHeader, toast } from "@lifeboat/ui";
import { actionsColumn, column, DataTable } from "@/components/common/data-table.tsx";
import { FilterBar, SelectFilter, TextFilter } from "@/components/common/list-filters.tsx";
import { LocalTime } from "@/components/common/local-time.tsx";
import { useCanOperate } from "@/components/common/use-can-operate.ts";
import { CURSOR_PAGES, useRows } from "@/components/common/use-list.ts";
import { ALERT_SEVERITIES, alertListParams, clearedFilters, isFiltered } from "@/lib/list-params.ts";
import { useDebounced } from "@/lib/use-debounced.ts";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterInputs, RouterOutputs } from "@/trpc/types.ts";

type AlertRow = RouterOutputs["alert"]["list"]["items"][number];
type ListInput = Exclude<RouterInputs["alert"]["list"], undefined | void>;
export const SEVERITY_TONE = { critical: "danger", warning: "warning", info: "info" } as const;
const STATUS_OPTIONS = [
  ["open", "Open"],
  ["resolved", "Resolved"],
  ["all", "All"],
] as const;
const SEVERITY_OPTIONS = ALERT_SEVERITIES.map((s) => [s, s[0]!.toUpperCase() + s.slice(1)] as const);

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
  // Filters live in the URL (`/alerts?status=all&severity=critical`), so a link or Back keeps them.
  const [filters, setFilters] = useQueryStates(alertListParams, { history: "replace" });
  const debounced = useDebounced(filters, 300);
  const [acking, setAcking] = useState<AlertRow | null>(null);
  const [note, setNote] = useState("");

  const conditions = useQuery(trpc.alert.conditions.queryOptions());
  // A condition in the URL counts only once the catalogue knows it (the BFF refuses others).
  const condition = conditions.data?.find((c) => c.id === debounced.condition)?.id;
  const input: ListInput = {
    limit: 50,
    status: debounced.status,
    ...(debounced.severity ? { severity: debounced.severity } : {}),
    ...(condition ? { condition } : {}),
    ...(debounced.subject.trim() ? { subject: debounced.subject.trim() } : {}),
  };
  const list = useInfiniteQuery(trpc.alert.list.infiniteQueryOptions(input, { ...CURSOR_PAGES, refetchInterval: 30_000 }));
  const rows = useRows(list);
  const filtered = isFiltered(alertListParams, filters);
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
  const columns = useMemo(
    () => [
      column<AlertRow>("severity", "Severity", (a) => <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>),
      column<AlertRow>("condition", "Condition", (a) => a.conditionLabel, "font-medium"),
      column<AlertRow>("subject", "Subject", subjectText),
      column<AlertRow>("message", "Message", (a) => a.message, "max-w-md"),
      column<AlertRow>("firstSeen", "First seen", (a) => <LocalTime value={a.firstSeenAt} />),
      column<AlertRow>("lastSeen", "Last seen", (a) => <LocalTime value={a.lastSeenAt} />),
      column<AlertRow>("state", "State", (a) => <AlertState alert={a} />),
      actionsColumn<AlertRow>((a) =>
        canOperate && a.status === "open" && !a.acknowledgedAt ? (
          <Button variant="ghost" size="sm" onClick={() => setAcking(a)} aria-label={`Acknowledge ${a.conditionLabel}: ${a.subject.name}`}>
            Acknowledge
          </Button>
        ) : null,
      ),
    ],
    [canOperate],
  );

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
      <FilterBar label="Filter alerts" onClear={filtered ? () => void setFilters(clearedFilters(alertListParams)) : undefined}>
        <SelectFilter label="Status" value={filters.status} onChange={(status) => void setFilters({ status })} options={STATUS_OPTIONS} any={null} />
        <SelectFilter label="Severity" value={filters.severity} onChange={(severity) => void setFilters({ severity })} options={SEVERITY_OPTIONS} />
        <SelectFilter
          label="Condition"
          value={condition ?? ""}
          onChange={(condition) => void setFilters({ condition })}
          options={(conditions.data ?? []).map((c) => [c.id, c.label] as const)}
        />
        <TextFilter
          label="Subject"
          value={filters.subject}
          placeholder="Group, host or agent name"
          onChange={(subject) => void setFilters({ subject }, { limitUrlUpdates: debounce(300) })}
        />
      </FilterBar>
      <DataTable
        label="Alerts"
        columns={columns}
        rows={rows}
        getRowId={(a) => a.id}
        query={list}
        errorTitle="Could not load the alerts"
        rowProps={(a) => ({ "data-alert-id": a.id })}
        empty={{
          icon: <BellOff />,
          title: filtered ? "No alerts match these filters" : filters.status === "open" ? "No open alerts" : "No alerts",
          children: <p>{filtered ? "Clear a filter to see more." : "Nothing needs attention here. Rules under Settings → Alert rules & channels decide who is notified when something does."}</p>,
        }}
      />
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

function AlertState({ alert: a }: { alert: AlertRow }) {
  return (
    <>
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
    </>
  );
}
