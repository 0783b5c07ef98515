"use client";
// Wizard step 3 — where the files go. Validates as the user types (RestoreFormSchema) and puts
// the BFF's field errors beside the matching field.
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, ErrorState, Field, Input, Select } from "@lifeboat/ui";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/trpc/react.tsx";
import { RestoreFormSchema, type RestoreForm } from "./restore-form.ts";

/** BFF field paths (the upstream request's) → the form field that sets them. */
export function formFieldOf(path: string): keyof RestoreForm | null {
  if (path.endsWith("alternateRestoreDirectory")) return "alternatePath";
  if (path.endsWith("recoverTarget.id") || path.endsWith("recoverTarget")) return "targetHostId";
  if (path.endsWith("name")) return "name";
  return null;
}

function Choice({ checked, onChange, title, children, name }: { checked: boolean; onChange: () => void; title: string; children: React.ReactNode; name: string }) {
  return (
    <label className={`flex cursor-pointer gap-3 rounded-md border p-3 text-sm focus-within:ring-2 focus-within:ring-ring ${checked ? "border-primary bg-primary/5" : "border-border"}`}>
      <input type="radio" name={name} className="mt-0.5 accent-primary" checked={checked} onChange={onChange} />
      <span>
        <span className="block font-medium">{title}</span>
        <span className="block text-muted-foreground">{children}</span>
      </span>
    </label>
  );
}

export interface DestinationStepProps {
  defaults: RestoreForm;
  originalHostName: string;
  pending: boolean;
  serverError: string | null;
  serverFieldErrors: Record<string, string>;
  onBack: () => void;
  onSubmit: (form: RestoreForm) => void;
}

export function DestinationStep({ defaults, originalHostName, pending, serverError, serverFieldErrors, onBack, onSubmit }: DestinationStepProps) {
  const trpc = useTRPC();
  const { register, handleSubmit, watch, setValue, formState } = useForm<RestoreForm>({ resolver: zodResolver(RestoreFormSchema), defaultValues: defaults, mode: "onChange" });
  const mode = watch("mode");
  const target = watch("target");
  const hosts = useQuery(trpc.object.search.queryOptions({ limit: 100, filter: { environments: ["kPhysical"] } }, { enabled: mode === "restore" && target === "alternate" }));
  const err = (k: keyof RestoreForm) => formState.errors[k]?.message ?? serverFieldErrors[k];
  return (
    <form className="flex max-w-2xl flex-col gap-5" aria-label="Destination" onSubmit={handleSubmit(onSubmit)} noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">What to do</legend>
        <Choice name="mode" checked={mode === "restore"} onChange={() => setValue("mode", "restore", { shouldValidate: true })} title="Restore to a host">
          The agent on the host writes the files back. Good for many files or large folders.
        </Choice>
        <Choice name="mode" checked={mode === "download"} onChange={() => setValue("mode", "download", { shouldValidate: true })} title="Download as a zip">
          Prepares a zip you download in the browser from the recovery’s page once it has finished.
        </Choice>
      </fieldset>
      {mode === "restore" ? (
        <>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Where</legend>
            <Choice name="target" checked={target === "original"} onChange={() => setValue("target", "original", { shouldValidate: true })} title="Original place">
              Each file goes back to its own folder on {originalHostName}.
            </Choice>
            <Choice name="target" checked={target === "alternate"} onChange={() => setValue("target", "alternate", { shouldValidate: true })} title="Another host or folder">
              Files keep their folder structure below the folder you choose, on the host you choose.
            </Choice>
          </fieldset>
          {target === "alternate" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Host" error={err("targetHostId")}>
                <Select {...register("targetHostId")}>
                  <option value="">Choose a host…</option>
                  {(hosts.data?.items ?? []).map((h) => (
                    <option key={h.id} value={String(h.id)}>
                      {h.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Restore into folder" hint="An absolute path on that host; created when missing" error={err("alternatePath")}>
                <Input {...register("alternatePath")} placeholder="/srv/restore" />
              </Field>
            </div>
          ) : null}
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1 text-sm font-medium">Options</legend>
            <label className="flex gap-3 text-sm">
              <input type="checkbox" className="mt-0.5 accent-primary" {...register("overwriteExisting")} />
              <span>
                <span className="block font-medium">Overwrite existing files</span>
                <span className="block text-muted-foreground">Off: a file that already exists at the destination is left as it is and reported as skipped. On: it is replaced by the snapshot’s version — changes made since are lost.</span>
              </span>
            </label>
            <label className="flex gap-3 text-sm">
              <input type="checkbox" className="mt-0.5 accent-primary" {...register("preserveAttributes")} />
              <span>
                <span className="block font-medium">Preserve attributes</span>
                <span className="block text-muted-foreground">Restores owner, permissions and modification times as they were in the snapshot. Off: files get the defaults of the destination folder.</span>
              </span>
            </label>
          </fieldset>
        </>
      ) : null}
      <Field label="Recovery name" hint="Shown in the list of recoveries" error={err("name")}>
        <Input {...register("name")} />
      </Field>
      {serverError ? <ErrorState title="The recovery was not started" message={serverError} /> : null}
      <div className="flex gap-2">
        <Button variant="secondary" onClick={onBack}>
          Back
        </Button>
        <Button type="submit" loading={pending}>
          {mode === "restore" ? "Start restore" : "Prepare download"}
        </Button>
      </div>
    </form>
  );
}
