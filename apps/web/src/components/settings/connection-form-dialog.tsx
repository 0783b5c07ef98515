"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import {
  apiKeyMustBeReentered,
  CONNECTION_KINDS,
  connectionFormSchema,
  defaultIamTokenUrl,
  EMPTY_CONNECTION_FORM,
  toCreateInput,
  toUpdateInput,
  type ConnectionFormValues,
} from "@/lib/upstream-connection-form.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { UpstreamConnectionRow } from "@/trpc/types.ts";

const FIELDS = ["kind", "name", "serviceUrl", "iamTokenUrl", "tenantId", "apiKey"] as const;

export function ConnectionFormDialog({
  open,
  onOpenChange,
  connection,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The connection to edit; a new one is created when absent. */
  connection?: UpstreamConnectionRow | null;
}) {
  const mode = connection ? "edit" : "create";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<ConnectionFormValues>({
    resolver: zodResolver(connectionFormSchema(mode)),
    // Validate as the admin types, not only on submit.
    mode: "onChange",
    defaultValues: connection
      ? {
          kind: connection.kind,
          name: connection.name,
          serviceUrl: connection.serviceUrl,
          iamTokenUrl: connection.iamTokenUrl,
          tenantId: connection.tenantId,
          apiKey: "",
        }
      : EMPTY_CONNECTION_FORM,
  });
  const { register, handleSubmit, formState, setError, watch } = form;
  const [kind, serviceUrl] = watch(["kind", "serviceUrl"]);
  const moved = connection ? apiKeyMustBeReentered(connection, watch()) : false;

  const onError = (error: unknown) => {
    const fields = fieldErrorsOf(error);
    let placed = false;
    for (const name of FIELDS) {
      if (fields[name]) {
        setError(name, { type: "server", message: fields[name] });
        placed = true;
      }
    }
    toast.error(placed ? "Some fields need attention" : errorMessage(error, "Could not save the connection"));
  };
  const onSaved = async (name: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.upstreamConnection.list.queryKey() });
    toast.success(mode === "create" ? `Upstream connection "${name}" created` : `Upstream connection "${name}" saved`);
    onOpenChange(false);
  };
  const create = useMutation(trpc.upstreamConnection.create.mutationOptions({ onSuccess: (c) => onSaved(c.name), onError }));
  const update = useMutation(trpc.upstreamConnection.update.mutationOptions({ onSuccess: (c) => onSaved(c.name), onError }));
  const pending = create.isPending || update.isPending;

  const submit = handleSubmit((values) => {
    if (connection) update.mutate(toUpdateInput(connection.id, values));
    else create.mutate(toCreateInput(values));
  });
  const defaultTokenUrl = defaultIamTokenUrl(kind, serviceUrl);
  const err = (name: (typeof FIELDS)[number]) => formState.errors[name]?.message;

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={connection ? `Edit ${connection.name}` : "New upstream connection"}
      description="Where the portal reaches the Backup and Recovery API for a workspace."
      className="max-w-xl"
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Upstream connection">
        <Field label="Kind" error={err("kind")}>
          <Select {...register("kind")}>
            {CONNECTION_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" error={err("name")}>
          <Input {...register("name")} autoComplete="off" placeholder="e.g. Production (us-east)" />
        </Field>
        <Field
          label="Service URL"
          error={err("serviceUrl")}
          hint={kind === "ibm" ? "https://<instance>.<region>.backup-recovery.cloud.ibm.com/v2" : "e.g. http://127.0.0.1:4000/v2"}
        >
          <Input {...register("serviceUrl")} inputMode="url" autoComplete="off" />
        </Field>
        <Field label="IAM token URL" error={err("iamTokenUrl")} hint={defaultTokenUrl ? `Leave empty for ${defaultTokenUrl}` : "Leave empty for the default"}>
          <Input {...register("iamTokenUrl")} inputMode="url" autoComplete="off" />
        </Field>
        <Field label="Tenant id" error={err("tenantId")} hint="Sent as X-IBM-Tenant-Id, e.g. iqhch7lbr4/">
          <Input {...register("tenantId")} autoComplete="off" />
        </Field>
        <Field
          label="API key"
          error={err("apiKey")}
          hint={
            !connection
              ? "Stored encrypted and never shown again."
              : moved
                ? "The service URL or IAM token URL changed: enter the API key again. A stored key is only sent to the URLs it was entered with."
                : "Stored encrypted and never shown. Leave empty to keep the current key; changing either URL needs the key again."
          }
        >
          <Input {...register("apiKey")} type="password" autoComplete="new-password" placeholder={connection ? "••••••••  (unchanged)" : ""} />
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {connection ? "Save" : "Create connection"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
