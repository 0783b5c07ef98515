"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import type { Role } from "@/lib/navigation.ts";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

const ROLES: Role[] = ["viewer", "operator", "admin"];
const ROLE_HINTS: Record<Role, string> = {
  viewer: "Viewer — read only",
  operator: "Operator — also runs backups and restores",
  admin: "Admin — also changes settings",
};
/**
 * The BFF caps every token at a year ("never" is refused on purpose: a forgotten token must die
 * on its own), so the longest choice is 365 days.
 */
export const EXPIRY_CHOICES = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year (the longest allowed)" },
] as const;

/** The roles a user may give a token: theirs and below (the BFF refuses anything higher). */
export function grantableRoles(role: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(role) + 1);
}

export const apiTokenFormSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. the script that uses it").max(80, "At most 80 characters"),
  role: z.enum(["viewer", "operator", "admin"]),
  expiresInDays: z.string(),
});
type FormValues = z.infer<typeof apiTokenFormSchema>;

const FIELDS = ["name", "role", "expiresInDays"] as const;

export function ApiTokenCreateDialog({
  role,
  onOpenChange,
  onCreated,
}: {
  role: Role;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: { token: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState, setError } = useForm<FormValues>({
    resolver: zodResolver(apiTokenFormSchema),
    mode: "onChange",
    defaultValues: { name: "", role: "viewer", expiresInDays: "90" },
  });
  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess: async ({ token, apiToken }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.pathKey() });
        toast.success(`API token "${apiToken.name}" created`);
        onCreated({ token, name: apiToken.name });
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        let placed = false;
        for (const name of FIELDS) {
          if (fields[name]) {
            setError(name, { type: "server", message: fields[name] });
            placed = true;
          }
        }
        toast.error(placed ? "Some fields need attention" : errorMessage(error, "Could not create the token"));
      },
    }),
  );
  const submit = handleSubmit((v) => create.mutate({ name: v.name.trim(), role: v.role, expiresInDays: Number(v.expiresInDays) }));
  const err = (name: (typeof FIELDS)[number]) => formState.errors[name]?.message;

  return (
    <Dialog
      open
      onOpenChange={onOpenChange}
      title="New API token"
      description="For scripts and other apps: the token acts in this workspace with the role you choose."
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="API token">
        <Field label="Name" error={err("name")}>
          <Input {...register("name")} autoComplete="off" placeholder="e.g. nightly-report" />
        </Field>
        <Field label="Role" error={err("role")} hint="At most your own role in this workspace.">
          <Select {...register("role")}>
            {grantableRoles(role).map((r) => (
              <option key={r} value={r}>
                {ROLE_HINTS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Expires after" error={err("expiresInDays")}>
          <Select {...register("expiresInDays")}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.days} value={String(c.days)}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
