"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useMemo, useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { Button, Card, Field, Input, Select, toast } from "@lifeboat/ui";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";
import { policySentence, retentionPreview, type StartTime } from "@lifeboat/policy";
import { BlackoutFields, ExtendedRetentionFields } from "./extra-fields.tsx";
import { EMPTY_POLICY_FORM, fromPolicy, policyFormField, policyFormSchema, RETENTION_UNITS, toPolicyRequest, type PolicyFormValues } from "./policy-form-model.ts";
import { RetentionChart } from "./retention-chart.tsx";
import { ScheduleFields, selectField } from "./schedule-fields.tsx";
import { serverFieldErrors, type FieldRule } from "./server-field-errors.ts";

export type PolicyRow = RouterOutputs["policy"]["get"];
type FormField = Parameters<ReturnType<typeof useForm<PolicyFormValues>>["setError"]>[0];

// BFF/upstream body paths → editor fields: the form model's one mapping.
const RULES: FieldRule<FormField>[] = [[/^/, (path) => (policyFormField(path) ?? "root") as FormField]];
/** The preview's group: created at the start of today, running at 00:00 UTC (a group without a startTime). */
const PREVIEW_START_TIME: StartTime = { hour: 0, minute: 0, timeZone: "UTC" };

// The DataLock ≤ retention rule is reported on the lock duration; changing any of its inputs
// re-checks that field (react-hook-form only re-validates the field that changed otherwise).
const LOCK_DEPS = { deps: ["dataLock.duration"] as "dataLock.duration"[] };

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="text-base font-semibold">{title}</h2>
      {description ? <p className="mb-3 mt-0.5 text-sm text-muted-foreground">{description}</p> : <div className="mb-3" />}
      {children}
    </Card>
  );
}

/**
 * Create or edit a protection policy. Validates as the user types (the policy model's rules); the
 * sentence and the 90-day retention preview follow the form, both from @lifeboat/policy, the preview
 * playing the engine's scheduler forward. `now` fixes the preview's start (tests).
 */
export function PolicyEditor({
  policy,
  canEdit,
  onSaved,
  now,
}: {
  policy?: PolicyRow | null;
  canEdit: boolean;
  onSaved?: (saved: PolicyRow) => void;
  now?: Date;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<PolicyFormValues>({
    resolver: zodResolver(policyFormSchema),
    mode: "onChange",
    defaultValues: policy ? fromPolicy(policy) : EMPTY_POLICY_FORM,
  });
  const { register, handleSubmit, formState, setError, watch } = form;
  const values = useDeferredValue(watch());
  const [start] = useState(() => {
    const d = now ?? new Date();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  });
  const live = useMemo(() => {
    // The preview needs the schedule, not a name: an unnamed new policy still shows its effect.
    const parsed = policyFormSchema.safeParse({ ...values, name: values.name?.trim() ? values.name : "preview" });
    if (!parsed.success) return null;
    const request = toPolicyRequest(parsed.data);
    return { sentence: policySentence(request), preview: retentionPreview(request, { anchor: start, startTime: PREVIEW_START_TIME }) };
  }, [values, start]);

  const onError = (error: unknown) => {
    const placed = serverFieldErrors(error, "policy", RULES);
    for (const [field, message] of Object.entries(placed)) setError(field as FormField, { type: "server", message: message as string });
    toast.error(Object.keys(placed).length > 0 ? "Some fields need attention" : errorMessage(error, "Could not save the policy"));
  };
  const onSuccess = async (saved: PolicyRow) => {
    await queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
    toast.success(policy ? `Policy "${saved.name}" saved` : `Policy "${saved.name}" created`);
    onSaved?.(saved);
  };
  const create = useMutation(trpc.policy.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.policy.update.mutationOptions({ onSuccess, onError }));
  const submit = handleSubmit((v) => {
    const body = toPolicyRequest(v, policy);
    if (policy?.id) update.mutate({ id: policy.id, policy: body });
    else create.mutate({ policy: body });
  });
  const e = formState.errors;
  const disabled = !canEdit;
  const dataLockOn = watch("dataLock.enabled");

  return (
    <form onSubmit={submit} noValidate aria-label="Protection policy" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(300px,400px)]">
      <div className="flex flex-col gap-4">
        <Section title="Name">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Policy name" error={e.name?.message}>
              <Input autoComplete="off" placeholder="e.g. daily-14d" disabled={disabled} {...register("name")} />
            </Field>
            <Field label="Description (optional)" error={e.description?.message}>
              <Input autoComplete="off" disabled={disabled} {...register("description")} />
            </Field>
          </div>
        </Section>
        <Section title="Schedule" description="When backups run. Incremental backups copy what changed; full backups copy everything.">
          <div className="flex flex-col gap-4">
            <ScheduleFields form={form} which="incremental" disabled={disabled} />
            <ScheduleFields form={form} which="full" disabled={disabled} />
          </div>
        </Section>
        <Section title="Retention" description="How long each snapshot is kept before it is deleted.">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Keep snapshots for" error={e.retention?.duration?.message}>
              <Input type="number" min={1} inputMode="numeric" disabled={disabled} {...register("retention.duration", { valueAsNumber: true, ...LOCK_DEPS })} />
            </Field>
            <Field label="Retention unit">
              <Select disabled={disabled} {...selectField(form, "retention.unit", LOCK_DEPS)}>
                {RETENTION_UNITS.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </Select>
            </Field>
          </div>
          <label className="mt-4 flex items-center gap-2 text-sm font-medium">
            <input type="checkbox" className="h-4 w-4 accent-primary" disabled={disabled} {...register("dataLock.enabled", LOCK_DEPS)} />
            DataLock (WORM): nobody can delete or shorten a snapshot while it is locked
          </label>
          {dataLockOn ? (
            <div className="mt-3 grid gap-3 sm:grid-cols-3">
              <Field label="Lock mode" hint="Compliance: not even an admin can unlock. Administrative: admins can.">
                <Select disabled={disabled} {...selectField(form, "dataLock.mode")}>
                  <option>Compliance</option>
                  <option>Administrative</option>
                </Select>
              </Field>
              <Field label="Lock for" error={e.dataLock?.duration?.message}>
                <Input type="number" min={1} inputMode="numeric" disabled={disabled} {...register("dataLock.duration", { valueAsNumber: true })} />
              </Field>
              <Field label="Lock unit">
                <Select disabled={disabled} {...selectField(form, "dataLock.unit", LOCK_DEPS)}>
                  {RETENTION_UNITS.map((u) => (
                    <option key={u}>{u}</option>
                  ))}
                </Select>
              </Field>
            </div>
          ) : null}
        </Section>
        <Section title="Extended retention" description="Keep some snapshots longer, e.g. one a week for 3 months.">
          <ExtendedRetentionFields form={form} disabled={disabled} />
        </Section>
        <Section title="Blackout windows" description="Times when no new backup run starts (for example business hours); a run due inside one starts when it ends. Times are UTC.">
          <BlackoutFields form={form} disabled={disabled} />
        </Section>
        <Section title="Retries" description="What happens when a run fails.">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Retries" error={e.retries?.message} hint="0 = do not retry">
              <Input type="number" min={0} max={10} inputMode="numeric" disabled={disabled} {...register("retries", { valueAsNumber: true })} />
            </Field>
            <Field label="Minutes between retries" error={e.retryIntervalMins?.message}>
              <Input type="number" min={1} inputMode="numeric" disabled={disabled} {...register("retryIntervalMins", { valueAsNumber: true })} />
            </Field>
          </div>
        </Section>
      </div>
      <aside className="flex flex-col gap-4 lg:sticky lg:top-4 lg:self-start">
        <Card className="p-4 sm:p-5">
          <h2 className="text-sm font-semibold text-muted-foreground">In plain language</h2>
          <p className="mt-1 text-base font-medium first-letter:uppercase" data-testid="policy-sentence" aria-live="polite">
            {live ? live.sentence : "Fix the highlighted fields to see what this policy does."}
          </p>
        </Card>
        <Card className="p-4 sm:p-5">
          <h2 className="mb-2 text-sm font-semibold text-muted-foreground">Retention preview (a group created today, runs at 00:00 UTC, every run succeeds)</h2>
          {live ? <RetentionChart preview={live.preview} /> : <p className="text-sm text-muted-foreground">No preview while fields are invalid.</p>}
        </Card>
        {e.root?.message ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {e.root.message}
          </p>
        ) : null}
        {canEdit ? (
          <Button type="submit" loading={create.isPending || update.isPending}>
            {policy ? "Save policy" : "Create policy"}
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">You can view this policy; changing it needs the admin role.</p>
        )}
      </aside>
    </form>
  );
}
