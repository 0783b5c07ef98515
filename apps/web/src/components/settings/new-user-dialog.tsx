"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button, Dialog, Field, Input, Select, toast } from "@lifeboat/ui";
import { useShell } from "@/components/shell/shell-context.tsx";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { EMPTY_NEW_USER, NewUserFormSchema, ROLE_DESCRIPTIONS, ROLES, toCreateUserInput, type NewUserFormValues } from "@/lib/user-form.ts";
import { useTRPC } from "@/trpc/react.tsx";

const FIELDS = ["email", "name", "password", "isOps"] as const;

/** Shows a generated password once; it is not stored anywhere the portal could show it again. */
function OneTimePassword({ email, password, onClose }: { email: string; password: string; onClose: () => void }) {
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="User created" description={`Give ${email} this password through a safe channel.`}>
      <div className="flex items-center gap-2">
        <code data-testid="one-time-password" className="flex-1 rounded-md border border-border bg-muted px-3 py-2 font-mono text-sm break-all">
          {password}
        </code>
        <Button
          variant="secondary"
          size="icon"
          aria-label="Copy password"
          onClick={() =>
            void navigator.clipboard.writeText(password).then(
              () => toast.success("Password copied"),
              () => toast.error("Copy failed; select the password and copy it by hand"),
            )
          }
        >
          <Copy className="h-4 w-4" />
        </Button>
      </div>
      <p className="text-sm font-medium text-destructive">This password is shown only now. It cannot be retrieved later.</p>
      <div className="flex justify-end">
        <Button onClick={onClose}>Done</Button>
      </div>
    </Dialog>
  );
}

export function NewUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { selectedWorkspace } = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const form = useForm<NewUserFormValues>({ resolver: zodResolver(NewUserFormSchema), mode: "onChange", defaultValues: EMPTY_NEW_USER });
  const { register, handleSubmit, formState, setError } = form;
  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: async ({ user, generatedPassword }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.user.list.pathKey() });
        toast.success(`User ${user.email} created`);
        if (generatedPassword) setCreated({ email: user.email, password: generatedPassword });
        else onOpenChange(false);
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
        if (error.data?.code === "CONFLICT") {
          setError("email", { type: "server", message: "A user with this email already exists" });
          placed = true;
        }
        toast.error(placed ? "Some fields need attention" : errorMessage(error, "Could not create the user"));
      },
    }),
  );

  if (created) {
    return (
      <OneTimePassword
        email={created.email}
        password={created.password}
        onClose={() => {
          setCreated(null);
          onOpenChange(false);
        }}
      />
    );
  }
  const err = (name: keyof NewUserFormValues) => formState.errors[name]?.message;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New user" description="Creates a password account. SSO users appear on their first sign-in.">
      <form
        noValidate
        aria-label="New user"
        className="flex flex-col gap-4"
        onSubmit={handleSubmit((values) => create.mutate(toCreateUserInput(values, selectedWorkspace?.id ?? null)))}
      >
        <Field label="Email" error={err("email")}>
          <Input type="email" autoComplete="off" {...register("email")} />
        </Field>
        <Field label="Name" error={err("name")} hint="Optional">
          <Input autoComplete="off" {...register("name")} />
        </Field>
        <Field label="Password" error={err("password")} hint="Leave empty to generate a strong one, shown once.">
          <Input type="password" autoComplete="new-password" {...register("password")} />
        </Field>
        <Field label={`Role in ${selectedWorkspace?.name ?? "this workspace"}`} error={err("role")}>
          <Select {...register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_DESCRIPTIONS[r]}
              </option>
            ))}
            <option value="none">no access yet</option>
          </Select>
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4 accent-primary" {...register("isOps")} />
          Ops: may see the ops dashboard across all workspaces
        </label>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
