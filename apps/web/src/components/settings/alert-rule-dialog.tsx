"use client";
// Create or edit an alert rule: conditions, minimum severity, channels, grouping, quiet hours.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterInputs, RouterOutputs } from "@/trpc/types.ts";

type Rule = RouterOutputs["alertRule"]["list"]["items"][number];
type Channel = RouterOutputs["alertChannel"]["list"]["items"][number];
type Body = RouterInputs["alertRule"]["create"];

export function AlertRuleDialog({ rule, channels, onClose, onSaved }: { rule: Rule | null; channels: Channel[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const catalogue = useQuery(trpc.alert.conditions.queryOptions());
  const [name, setName] = useState(rule?.name ?? "");
  const [conditions, setConditions] = useState<Body["conditions"]>(rule?.conditions ?? ["run.failed", "agent.offline"]);
  const [minSeverity, setMinSeverity] = useState<NonNullable<Body["minSeverity"]>>(rule?.minSeverity ?? "info");
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channelIds ?? []);
  const [groupBy, setGroupBy] = useState<NonNullable<Body["groupBy"]>>(rule?.groupBy ?? "problem");
  const [quiet, setQuiet] = useState(!!rule?.quietHours);
  const [quietStart, setQuietStart] = useState(rule?.quietHours?.start ?? "22:00");
  const [quietEnd, setQuietEnd] = useState(rule?.quietHours?.end ?? "07:00");
  const [timeZone, setTimeZone] = useState(rule?.quietHours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);

  const handlers = {
    onSuccess: () => {
      toast.success(rule ? `Rule "${name}" saved` : `Rule "${name}" created`);
      onSaved();
    },
    onError: (e: unknown) => toast.error(errorMessage(e, "Could not save the rule")),
  };
  const create = useMutation(trpc.alertRule.create.mutationOptions(handlers));
  const update = useMutation(trpc.alertRule.update.mutationOptions(handlers));
  const errors = fieldErrorsOf(create.error ?? update.error);
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  const save = () => {
    const body: Body = {
      name: name.trim(),
      conditions,
      minSeverity,
      channelIds,
      groupBy,
      enabled: rule?.enabled ?? true,
      notifyResolved: rule?.notifyResolved ?? true,
      quietHours: quiet ? { start: quietStart, end: quietEnd, timeZone } : null,
    };
    if (rule) update.mutate({ id: rule.id, ...body });
    else create.mutate(body);
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={rule ? `Edit rule "${rule.name}"` : "New alert rule"}
      className="max-w-2xl"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} disabled={create.isPending || update.isPending}>
            {rule ? "Save" : "Create rule"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <Field label="Name" error={errors["name"]}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </Field>
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Conditions</legend>
          <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
            {catalogue.data?.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm" title={c.description}>
                <input type="checkbox" className="h-4 w-4 accent-primary" checked={conditions.includes(c.id)} onChange={(e) => setConditions(toggle(conditions, c.id, e.target.checked))} />
                {c.label}
              </label>
            ))}
          </div>
          {errors["conditions"] ? <p className="text-xs text-destructive">{errors["conditions"]}</p> : null}
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Minimum severity">
            <Select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as typeof minSeverity)}>
              <option value="info">Info and above</option>
              <option value="warning">Warning and above</option>
              <option value="critical">Critical only</option>
            </Select>
          </Field>
          <Field label="Grouping">
            <Select value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}>
              <option value="problem">One notification per problem</option>
              <option value="condition">One per condition and evaluation</option>
            </Select>
          </Field>
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Channels</legend>
          {channels.length === 0 ? <p className="text-sm text-muted-foreground">Create a channel first.</p> : null}
          {channels.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4 accent-primary" checked={channelIds.includes(c.id)} onChange={(e) => setChannelIds(toggle(channelIds, c.id, e.target.checked))} />
              {c.name} <span className="text-muted-foreground">({c.kind})</span>
            </label>
          ))}
          {errors["channelIds"] ? <p className="text-xs text-destructive">{errors["channelIds"]}</p> : null}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4 accent-primary" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
          Quiet hours (notifications wait until they end)
        </label>
        {quiet ? (
          <div className="grid grid-cols-3 gap-3">
            <Field label="From" error={errors["quietHours.start"]}>
              <Input value={quietStart} onChange={(e) => setQuietStart(e.target.value)} placeholder="22:00" />
            </Field>
            <Field label="Until" error={errors["quietHours.end"]}>
              <Input value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} placeholder="07:00" />
            </Field>
            <Field label="Time zone" error={errors["quietHours.timeZone"]}>
              <Input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
            </Field>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
