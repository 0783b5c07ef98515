"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorState, Field, Input, toast } from "@lifeboat/ui";
import { useState } from "react";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

export function nameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return "Enter a name, e.g. the site or network the hosts are in.";
  if (trimmed.length > 200) return "Use at most 200 characters.";
  return undefined;
}

/** Create (or rename, when `existing` is given) a data-source connection. */
export function ConnectionNameDialog({
  open,
  onOpenChange,
  existing,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  existing?: { connectionId: string; connectionName: string } | undefined;
  onSaved?: (c: { connectionId?: string | undefined; connectionName: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(existing?.connectionName ?? "");
  const [touched, setTouched] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const done = (c: { connectionId?: string | undefined; connectionName: string }) => {
    toast.success(existing ? `Connection renamed to ${c.connectionName}` : `Connection ${c.connectionName} created`);
    void queryClient.invalidateQueries({ queryKey: trpc.connection.list.queryKey() });
    onOpenChange(false);
    onSaved?.(c);
  };
  const create = useMutation(trpc.connection.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.connection.update.mutationOptions({ onSuccess: done }));
  const mutation = existing ? update : create;
  const problem = touched ? nameProblem(name) : undefined;
  const serverField = fieldErrorsOf(mutation.error).connectionName;
  const submit = () => {
    setTouched(true);
    if (nameProblem(name)) return;
    if (existing) update.mutate({ connectionId: existing.connectionId, connectionName: name.trim(), idempotencyKey });
    else create.mutate({ connectionName: name.trim(), idempotencyKey });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={existing ? `Rename ${existing.connectionName}` : "New connection"}
      description={existing ? undefined : "A connection groups the agents of one site or network. Agents register to it with a token."}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" form="connection-name-form" loading={mutation.isPending}>{existing ? "Rename" : "Create connection"}</Button>
        </>
      }
    >
      <form
        id="connection-name-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label="Connection name" error={problem ?? serverField}>
          <Input value={name} autoFocus maxLength={250} onChange={(e) => { setName(e.target.value); setTouched(true); }} />
        </Field>
      </form>
      {mutation.isError && !serverField ? <ErrorState message={errorMessage(mutation.error)} /> : null}
    </Dialog>
  );
}
