"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, ErrorState, Field, Input, toast } from "@lifeboat/ui";
import { useState } from "react";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

/** The form's state → the BFF's agent.upgrade input, or the problem to show. */
export function upgradeInput(
  form: { agentIds: number[]; name: string; when: "now" | "later"; at: string },
  now: Date,
): { ok: true; input: { agentIDs: number[]; name?: string; scheduleTimeUsecs?: number } } | { ok: false; field: "agents" | "at"; message: string } {
  if (form.agentIds.length === 0) return { ok: false, field: "agents", message: "Select at least one agent to upgrade." };
  const input: { agentIDs: number[]; name?: string; scheduleTimeUsecs?: number } = { agentIDs: form.agentIds };
  if (form.name.trim()) input.name = form.name.trim();
  if (form.when === "later") {
    // datetime-local is the browser's zone; Date parses it as local time.
    const at = new Date(form.at);
    if (!form.at || Number.isNaN(at.getTime())) return { ok: false, field: "at", message: "Choose the date and time to start the upgrade." };
    if (at.getTime() <= now.getTime()) return { ok: false, field: "at", message: "Choose a time in the future, or start now." };
    input.scheduleTimeUsecs = at.getTime() * 1000;
  }
  return { ok: true, input };
}

/** Agents are the hosts of registered physical sources (their host object ids, reference §8). */
export function UpgradeForm({ onCreated, now = () => new Date() }: { onCreated: (taskId: number | undefined) => void; now?: () => Date }) {
  const trpc = useTRPC();
  const sources = useQuery(trpc.source.list.queryOptions({ limit: 100 }));
  const [selected, setSelected] = useState<number[]>([]);
  const [name, setName] = useState("");
  const [when, setWhen] = useState<"now" | "later">("now");
  const [at, setAt] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const create = useMutation(
    trpc.agent.upgrade.mutationOptions({
      onSuccess: (task) => {
        toast.success(when === "now" ? "Upgrade started" : "Upgrade scheduled");
        setSelected([]);
        setSubmitted(false);
        setIdempotencyKey(crypto.randomUUID());
        onCreated(task.id);
      },
    }),
  );
  const checked = upgradeInput({ agentIds: selected, name, when, at }, now());
  const problem = submitted && !checked.ok ? checked : null;
  const hosts = (sources.data?.items ?? []).flatMap((s) => (s.sourceInfo?.id !== undefined ? [{ id: Number(s.sourceInfo.id), name: s.sourceInfo.name ?? s.name ?? `Host ${s.sourceInfo.id}` }] : []));
  const toggle = (id: number) => setSelected((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]));
  return (
    <form
      aria-label="New upgrade task"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (checked.ok) create.mutate({ ...checked.input, idempotencyKey });
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Agents to upgrade</legend>
        {sources.isPending ? <p className="text-sm text-muted-foreground">Loading hosts…</p> : null}
        {sources.isError ? <ErrorState message={errorMessage(sources.error, "Could not load the hosts")} /> : null}
        {sources.isSuccess && hosts.length === 0 ? <p className="text-sm text-muted-foreground">No registered host yet: register a source first (Sources → Register source).</p> : null}
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2 lg:grid-cols-3">
          {hosts.map((h) => (
            <label key={h.id} className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-muted">
              <input type="checkbox" className="h-4 w-4 accent-[var(--color-primary)]" checked={selected.includes(h.id)} onChange={() => toggle(h.id)} />
              {h.name}
            </label>
          ))}
        </div>
        {problem?.field === "agents" ? <p role="alert" className="text-xs font-medium text-destructive">{problem.message}</p> : null}
      </fieldset>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field label="Task name (optional)" error={fieldErrorsOf(create.error).name}>
          <Input value={name} maxLength={200} placeholder="e.g. November upgrade" onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-sm font-medium">When</legend>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2"><input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} /> Now</label>
            <label className="flex items-center gap-2"><input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} /> At a set time</label>
          </div>
          {when === "later" ? (
            <Field label="Start at (your time zone)" error={problem?.field === "at" ? problem.message : undefined}>
              <Input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
            </Field>
          ) : null}
        </fieldset>
      </div>
      {create.isError ? <ErrorState title="The upgrade task was not created" message={errorMessage(create.error)} /> : null}
      <div>
        <Button type="submit" loading={create.isPending}>{when === "now" ? "Upgrade now" : "Schedule upgrade"}{selected.length ? ` (${selected.length})` : ""}</Button>
      </div>
    </form>
  );
}
