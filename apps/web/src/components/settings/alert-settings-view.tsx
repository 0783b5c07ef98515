"use client";
// Settings → Alert rules & channels (admins): where notifications go (channels, with "Send test"
// and the delivery log's last answer) and which alerts go there (rules).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, Plus } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  EmptyState,
  ErrorState,
  PageHeader,
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
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { AlertChannelDialog } from "./alert-channel-dialog.tsx";
import { AlertRuleDialog } from "./alert-rule-dialog.tsx";

type Channel = RouterOutputs["alertChannel"]["list"]["items"][number];
type Rule = RouterOutputs["alertRule"]["list"]["items"][number];

export function AlertSettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alertChannel.list.queryOptions());
  const rules = useQuery(trpc.alertRule.list.queryOptions());
  const conditions = useQuery(trpc.alert.conditions.queryOptions());
  const [editingChannel, setEditingChannel] = useState<Channel | "new" | null>(null);
  const [editingRule, setEditingRule] = useState<Rule | "new" | null>(null);
  const [deleting, setDeleting] = useState<{ kind: "channel"; row: Channel } | { kind: "rule"; row: Rule } | null>(null);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.alertChannel.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.alertRule.pathKey() })]);
  const test = useMutation(
    trpc.alertChannel.test.mutationOptions({
      onSuccess: async (r) => {
        if (r.ok) toast.success(`Test sent: ${r.message}`);
        else toast.error(`Test failed: ${r.message}`);
        await refresh();
      },
      onError: (e) => toast.error(errorMessage(e, "Could not send the test")),
    }),
  );
  const onDeleted = async (what: string) => {
    toast.success(`${what} deleted`);
    setDeleting(null);
    await refresh();
  };
  const removeChannel = useMutation(trpc.alertChannel.delete.mutationOptions({ onSuccess: () => onDeleted("Channel"), onError: (e) => toast.error(errorMessage(e, "Could not delete")) }));
  const removeRule = useMutation(trpc.alertRule.delete.mutationOptions({ onSuccess: () => onDeleted("Rule"), onError: (e) => toast.error(errorMessage(e, "Could not delete")) }));
  const label = new Map(conditions.data?.map((c) => [c.id, c.label]));
  const channelName = new Map(channels.data?.items.map((c) => [c.id, c.name]));

  return (
    <>
      <PageHeader title="Alert rules & channels" description="Channels are where notifications go; rules decide which alerts go to which channels. Every change is in the audit log." />
      <Card className="mb-6 p-5">
        <div className="mb-3 flex items-center justify-between">
          <h2 className="font-semibold">Channels</h2>
          <Button onClick={() => setEditingChannel("new")}>
            <Plus className="h-4 w-4" aria-hidden /> New channel
          </Button>
        </div>
        {channels.isPending ? <TableSkeleton columns={5} /> : null}
        {channels.isError ? <ErrorState message={errorMessage(channels.error, "Could not load the channels")} /> : null}
        {channels.data?.items.length === 0 ? (
          <EmptyState icon={<Bell />} title="No channels yet">
            <p>Add a webhook, an e-mail server, or a Slack or Teams incoming webhook.</p>
          </EmptyState>
        ) : null}
        {channels.data && channels.data.items.length > 0 ? (
          <Table aria-label="Alert channels">
            <TableHead>
              <tr>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Kind</TableHeaderCell>
                <TableHeaderCell>Destination</TableHeaderCell>
                <TableHeaderCell>Last test</TableHeaderCell>
                <TableHeaderCell className="text-right">Actions</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody>
              {channels.data.items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell className="font-medium">{c.name}</TableCell>
                  <TableCell>
                    <Badge>{c.kind}</Badge>
                    {c.hasSecret ? <span className="ml-2 text-xs text-muted-foreground">secret stored</span> : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {c.target}
                    {c.kind === "email" ? ` → ${c.recipients.join(", ")}` : "/…"}
                  </TableCell>
                  <TableCell>
                    {c.lastTestAt ? (
                      <span>
                        <Badge tone={c.lastTestOk ? "success" : "danger"}>{c.lastTestOk ? "ok" : "failed"}</Badge> <LocalTime value={c.lastTestAt} />
                        <span className="block text-xs text-muted-foreground">{c.lastTestMessage}</span>
                      </span>
                    ) : (
                      <span className="text-muted-foreground">Never</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="sm" onClick={() => test.mutate({ id: c.id })} disabled={test.isPending} aria-label={`Send test to ${c.name}`}>
                        Send test
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setEditingChannel(c)} aria-label={`Edit ${c.name}`}>
                        Edit
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setDeleting({ kind: "channel", row: c })} aria-label={`Delete ${c.name}`}>
                        Delete
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Card>
      <Card className="p-5">
        <div className="mb-3 flex items-center justify-between">
          <h2 className="font-semibold">Rules</h2>
          <Button onClick={() => setEditingRule("new")} disabled={!channels.data?.items.length}>
            <Plus className="h-4 w-4" aria-hidden /> New rule
          </Button>
        </div>
        {rules.isPending ? <TableSkeleton columns={5} /> : null}
        {rules.isError ? <ErrorState message={errorMessage(rules.error, "Could not load the rules")} /> : null}
        {rules.data?.items.length === 0 ? <p className="text-sm text-muted-foreground">No rules: alerts are raised and listed, but nobody is notified.</p> : null}
        {rules.data && rules.data.items.length > 0 ? (
          <Table aria-label="Alert rules">
            <TableHead>
              <tr>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Conditions</TableHeaderCell>
                <TableHeaderCell>Severity</TableHeaderCell>
                <TableHeaderCell>Channels</TableHeaderCell>
                <TableHeaderCell>Quiet hours</TableHeaderCell>
                <TableHeaderCell className="text-right">Actions</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody>
              {rules.data.items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="font-medium">
                    {r.name} {r.enabled ? null : <Badge>disabled</Badge>}
                  </TableCell>
                  <TableCell>{r.conditions.map((c) => label.get(c) ?? c).join(", ")}</TableCell>
                  <TableCell>{r.minSeverity}+</TableCell>
                  <TableCell>{r.channelIds.map((id) => channelName.get(id) ?? id).join(", ")}</TableCell>
                  <TableCell>{r.quietHours ? `${r.quietHours.start}–${r.quietHours.end} ${r.quietHours.timeZone}` : "—"}</TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="sm" onClick={() => setEditingRule(r)} aria-label={`Edit ${r.name}`}>
                        Edit
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setDeleting({ kind: "rule", row: r })} aria-label={`Delete ${r.name}`}>
                        Delete
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Card>
      {editingChannel ? (
        <AlertChannelDialog
          channel={editingChannel === "new" ? null : editingChannel}
          onClose={() => setEditingChannel(null)}
          onSaved={() => {
            setEditingChannel(null);
            void refresh();
          }}
        />
      ) : null}
      {editingRule ? (
        <AlertRuleDialog
          rule={editingRule === "new" ? null : editingRule}
          channels={channels.data?.items ?? []}
          onClose={() => setEditingRule(null)}
          onSaved={() => {
            setEditingRule(null);
            void refresh();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={`Delete ${deleting.kind} "${deleting.row.name}"?`}
          confirmLabel={`Delete ${deleting.kind}`}
          pending={removeChannel.isPending || removeRule.isPending}
          onConfirm={() => (deleting.kind === "channel" ? removeChannel.mutate({ id: deleting.row.id }) : removeRule.mutate({ id: deleting.row.id }))}
        >
          <p>{deleting.kind === "channel" ? "Rules stop sending to it." : "Its alerts are still raised and listed, but no longer sent."}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
