"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import type { RouterOutputs } from "@/trpc/types.ts";

export type WorkspaceRow = RouterOutputs["workspace"]["list"][number];

/** Mirrors the BFF's WorkspaceNameSchema (trimmed, 1–80 characters) so errors show while typing. */
export const workspaceFormSchema = z.object({
  name: z.string().trim().min(1, "Give the workspace a name").max(80, "At most 80 characters"),
  /** "" means no connection: the workspace cannot reach any backups until one is bound. */
  connectionId: z.string(),
});
export type WorkspaceFormValues = z.infer<typeof workspaceFormSchema>;

const FIELDS = ["name", "connectionId"] as const;

export function WorkspaceFormDialog({
  open,
  onOpenChange,
  workspace,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The workspace to rename/rebind; a new one is created when absent. */
  workspace?: WorkspaceRow | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connections = useQuery(trpc.upstreamConnection.list.queryOptions({ limit: 100 }));
  const { register, handleSubmit, formState, setError } = useForm<WorkspaceFormValues>({
    resolver: zodResolver(workspaceFormSchema),
    mode: "onChange",
    defaultValues: { name: workspace?.name ?? "", connectionId: workspace?.connection?.id ?? "" },
  });

  const onError = (error: unknown) => {
    const fields = fieldErrorsOf(error);
    let placed = false;
    for (const name of FIELDS) {
      if (fields[name]) {
        setError(name, { type: "server", message: fields[name] });
        placed = true;
      }
    }
    // The name is unique: the BFF answers CONFLICT, which belongs beside the name field.
    if (!placed && /already exists|unique/i.test(errorMessage(error, ""))) {
      setError("name", { type: "server", message: "A workspace with this name already exists" });
      placed = true;
    }
    toast.error(placed ? "Some fields need attention" : errorMessage(error, "Could not save the workspace"));
  };
  const onSaved = async (name: string) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.workspace.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.upstreamConnection.list.queryKey() }),
    ]);
    toast.success(workspace ? `Workspace "${name}" saved` : `Workspace "${name}" created`);
    onOpenChange(false);
  };
  const create = useMutation(trpc.workspace.create.mutationOptions({ onSuccess: (w) => onSaved(w.name), onError }));
  const update = useMutation(trpc.workspace.update.mutationOptions({ onSuccess: (w) => onSaved(w.name), onError }));
  const pending = create.isPending || update.isPending;

  const submit = handleSubmit((values) => {
    const connectionId = values.connectionId || null;
    if (workspace) update.mutate({ id: workspace.id, name: values.name.trim(), connectionId });
    else create.mutate({ name: values.name.trim(), connectionId });
  });
  const err = (name: (typeof FIELDS)[number]) => formState.errors[name]?.message;
  // The bound connection is an option from the first render: an uncontrolled <select> whose
  // default value has no option yet would silently fall back to "None" and unbind on save.
  const loaded = connections.data?.items ?? [];
  const current = workspace?.connection;
  const options = current && !loaded.some((c) => c.id === current.id) ? [current, ...loaded] : loaded;

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={workspace ? `Edit ${workspace.name}` : "New workspace"}
      description="A workspace groups people, API tokens and one upstream connection (where its backups live)."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Workspace">
        <Field label="Name" error={err("name")}>
          <Input {...register("name")} autoComplete="off" placeholder="e.g. Finance" />
        </Field>
        <Field
          label="Upstream connection"
          error={err("connectionId") ?? (connections.isError ? errorMessage(connections.error, "Could not load the connections") : undefined)}
          hint="The Backup and Recovery service this workspace's members see. Without one, its pages cannot load backups."
        >
          <Select {...register("connectionId")}>
            <option value="">None (not bound)</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {c.kind === "ibm" ? "IBM Cloud" : "Engine"}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {workspace ? "Save" : "Create workspace"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
