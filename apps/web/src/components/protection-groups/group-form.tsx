"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useForm } from "react-hook-form";
import { Button, Card, Field, Input, Select, Skeleton, toast } from "@lifeboat/ui";
import { selectField } from "@/components/policies/schedule-fields.tsx";
import { serverFieldErrors } from "@/components/policies/server-field-errors.ts";
import { errorCode, errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { BrowseNotSupportedError, FolderPicker, type HostFolder } from "./folder-picker.tsx";
import { EMPTY_GROUP_FORM, fromGroup, groupFormSchema, splitPaths, toGroupRequest, type GroupDetail, type GroupFormValues } from "./group-form-model.ts";

type FormField = keyof GroupFormValues;
/** A warning of the save-time path check (packages/api services/group-paths.ts). */
type PathWarning = { sourceId: number; path: string | null; message: string };

/** The folder tree of one chosen host, listed through source.browse (its agent). */
function HostFolders({ sourceId, hostName, ...paths }: { sourceId: number; hostName: string } & Omit<Parameters<typeof FolderPicker>[0], "hostName" | "listFolder">) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listFolder = useCallback(
    async (path: string): Promise<HostFolder> => {
      try {
        return await queryClient.fetchQuery(trpc.source.browse.queryOptions({ sourceId, path }, { staleTime: 10_000, retry: false }));
      } catch (error) {
        // An upstream without the Lifeboat extension: the picker shows only this hint; typing works.
        if (errorCode(error) === "NOT_IMPLEMENTED") throw new BrowseNotSupportedError((error as Error).message);
        throw error;
      }
    },
    [queryClient, trpc, sourceId],
  );
  return (
    <div className="flex flex-col gap-1">
      <p className="text-sm font-medium">Folders of {hostName}</p>
      <FolderPicker hostName={hostName} listFolder={listFolder} {...paths} />
    </div>
  );
}

/** Create or edit a file-based protection group of registered hosts. */
export function GroupForm({ group, onSaved }: { group?: GroupDetail | null; onSaved?: (g: { id?: string | undefined; name?: string | undefined }) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policies = useQuery(trpc.policy.list.queryOptions({ limit: 100 }));
  const sources = useQuery(trpc.source.list.queryOptions({ limit: 100 }));
  const form = useForm<GroupFormValues>({ resolver: zodResolver(groupFormSchema), mode: "onChange", defaultValues: group ? fromGroup(group) : EMPTY_GROUP_FORM });
  const { register, handleSubmit, formState, watch, setValue, setError } = form;
  const e = formState.errors;
  const [policyId, objectIds, includePaths, excludePaths] = watch(["policyId", "objectIds", "includePaths", "excludePaths"]);
  const chosenPolicy = policies.data?.items.find((p) => p.id === policyId);
  const hosts = (sources.data?.items ?? []).filter((s) => s.sourceId !== undefined);

  const onError = (error: unknown) => {
    const placed = serverFieldErrors<FormField>(error, "group", [
      ["name", "name"],
      ["policyId", "policyId"],
      [/^physicalParams\.fileProtectionTypeParams\.objects\.\d+\.filePaths/, "includePaths"],
      [/^physicalParams/, "objectIds"],
    ]);
    for (const [field, message] of Object.entries(placed)) setError(field as FormField, { type: "server", message: message as string });
    toast.error(Object.keys(placed).length ? "Some fields need attention" : errorMessage(error, "Could not save the protection group"));
  };
  const onSuccess = async (g: { id?: string | undefined; name?: string | undefined; pathWarnings?: PathWarning[] | undefined }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.pathKey() });
    toast.success(group ? `Protection group "${g.name}" saved` : `Protection group "${g.name}" created`);
    // The save-time path check (through each host's agent): saved all the same, but say what its
    // backups would fail on, while the paths are still in mind.
    const warnings = g.pathWarnings ?? [];
    if (warnings.length) {
      const hostName = (id: number) => hosts.find((h) => Number(h.sourceId) === id)?.name ?? `host ${id}`;
      toast.warning(`Check the paths of "${g.name}"`, {
        description: (
          <ul aria-label="Path warnings" className="list-disc pl-4">
            {warnings.map((w) => (
              <li key={`${w.sourceId}:${w.path ?? ""}`}>{hostName(w.sourceId)}: {w.message}</li>
            ))}
          </ul>
        ),
        duration: 30_000,
      });
    }
    onSaved?.(g);
  };
  const create = useMutation(trpc.protectionGroup.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.protectionGroup.update.mutationOptions({ onSuccess, onError }));
  const submit = handleSubmit((v) => {
    const body = toGroupRequest(v, group);
    if (group?.id) update.mutate({ id: group.id, group: body });
    else create.mutate({ group: body });
  });
  const toggleHost = (id: number, on: boolean) =>
    setValue("objectIds", on ? [...objectIds, id] : objectIds.filter((x) => x !== id), { shouldValidate: true, shouldDirty: true });
  const addPath = (path: string) => {
    const lines = splitPaths(includePaths);
    if (!lines.includes(path)) setValue("includePaths", [...lines, path].join("\n"), { shouldValidate: true, shouldDirty: true });
  };
  const toggleInclude = (path: string, on: boolean) => {
    const lines = splitPaths(includePaths);
    const next = on ? (lines.includes(path) ? lines : [...lines, path]) : lines.filter((l) => l !== path);
    setValue("includePaths", next.join("\n"), { shouldValidate: true, shouldDirty: true });
  };
  const addExclude = (path: string) => {
    const lines = splitPaths(excludePaths);
    if (!lines.includes(path)) setValue("excludePaths", [...lines, path].join("\n"), { shouldValidate: true, shouldDirty: true });
  };
  const chosenHosts = hosts.filter((h) => objectIds.includes(Number(h.sourceId)));
  const volumes = hosts.filter((h) => objectIds.includes(Number(h.sourceId))).flatMap((h) => h.sourceInfo?.childObjects ?? []);

  return (
    <form onSubmit={submit} noValidate aria-label="Protection group" className="flex max-w-3xl flex-col gap-4">
      <Card className="grid gap-3 p-5 sm:grid-cols-2">
        <Field label="Group name" error={e.name?.message}>
          <Input autoComplete="off" placeholder="e.g. web servers" {...register("name")} />
        </Field>
        <Field label="Description (optional)" error={e.description?.message}>
          <Input autoComplete="off" {...register("description")} />
        </Field>
        <Field label="Policy" error={e.policyId?.message} hint={chosenPolicy ? <span className="first-letter:uppercase">{chosenPolicy.summary}</span> : "When backups run and how long they are kept."} className="sm:col-span-2">
          <Select {...selectField(form, "policyId")}>
            <option value="">{policies.isPending ? "Loading policies…" : "Choose a policy"}</option>
            {policies.data?.items.map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </Select>
        </Field>
      </Card>
      <Card className="flex flex-col gap-3 p-5">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-base font-semibold">Hosts</legend>
          {sources.isPending ? <Skeleton className="h-10" /> : null}
          {sources.isSuccess && hosts.length === 0 ? <p className="text-sm text-muted-foreground">No registered host yet: register one under Sources first.</p> : null}
          {hosts.map((h) => (
            <label key={h.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4 accent-primary" checked={objectIds.includes(Number(h.sourceId))} onChange={(ev) => toggleHost(Number(h.sourceId), ev.target.checked)} />
              <span className="font-medium">{h.name}</span>
              <span className="text-xs text-muted-foreground">{h.sourceInfo?.name} · {h.sourceInfo?.childObjects?.length ?? 0} volumes</span>
            </label>
          ))}
          {e.objectIds?.message ? <p role="alert" className="text-xs font-medium text-destructive">{e.objectIds.message}</p> : null}
        </fieldset>
        {chosenHosts.map((h) => (
          <HostFolders
            key={h.id}
            sourceId={Number(h.sourceId)}
            hostName={h.sourceInfo?.name ?? h.name ?? String(h.sourceId)}
            included={splitPaths(includePaths)}
            excluded={splitPaths(excludePaths)}
            onToggleInclude={toggleInclude}
            onExclude={addExclude}
          />
        ))}
        <Field
          label="Paths to back up (one per line)"
          error={e.includePaths?.message}
          hint="Absolute paths on every chosen host: tick folders in the tree above (Skip adds a path to skip) or type them; the volumes below add a mount point."
        >
          <textarea rows={4} className="w-full rounded-md border border-border bg-background px-3 py-2 font-mono text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive" {...register("includePaths")} />
        </Field>
        {volumes.length ? (
          <div className="flex flex-wrap gap-2" aria-label="Volumes of the chosen hosts">
            {volumes.map((v) => (
              <Button key={v.id} size="sm" variant="secondary" onClick={() => addPath(v.name ?? "/")}>+ {v.name}</Button>
            ))}
          </div>
        ) : null}
        <Field label="Paths to skip (one per line, optional)" error={e.excludePaths?.message} hint="e.g. /var/cache or /home/*/Downloads">
          <textarea rows={3} className="w-full rounded-md border border-border bg-background px-3 py-2 font-mono text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid=true]:border-destructive" {...register("excludePaths")} />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4 accent-primary" {...register("isPaused")} />
          Paused: no scheduled runs until unpaused (Run now still works)
        </label>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" loading={create.isPending || update.isPending}>{group ? "Save group" : "Create group"}</Button>
      </div>
    </form>
  );
}
