"use client";
// Rename a user (their display name; the email is their sign-in and stays). Validates as the admin
// types with the BFF's own rule (1–100 characters after trimming; empty clears the name), and puts
// the BFF's field error beside the field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button, Dialog, Field, Input, toast } from "@lifeboat/ui";
import { errorMessage, fieldErrorsOf } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";

export const EditUserFormSchema = z.object({ name: z.string().trim().max(100, "At most 100 characters") });
type Values = z.input<typeof EditUserFormSchema>;

export function EditUserDialog({ user, onClose }: { user: { id: string; email: string; name: string | null }; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<Values>({ resolver: zodResolver(EditUserFormSchema), mode: "onChange", defaultValues: { name: user.name ?? "" } });
  const { register, handleSubmit, formState, setError } = form;
  const update = useMutation(
    trpc.user.update.mutationOptions({
      onSuccess: async (u) => {
        await queryClient.invalidateQueries({ queryKey: trpc.user.list.pathKey() });
        toast.success(u.name ? `${u.email} is now called ${u.name}` : `${u.email} has no display name now`);
        onClose();
      },
      onError: (error) => {
        const message = fieldErrorsOf(error).name;
        if (message) setError("name", { type: "server", message });
        toast.error(message ? "The name needs attention" : errorMessage(error, "Could not rename the user"));
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Edit ${user.email}`} description="The display name shown in the portal and the audit log. The email stays the sign-in.">
      <form
        noValidate
        aria-label="Edit user"
        className="flex flex-col gap-4"
        onSubmit={handleSubmit((v) => update.mutate({ id: user.id, name: v.name.trim() ? v.name.trim() : null }))}
      >
        <Field label="Name" error={formState.errors.name?.message} hint="Leave empty to show only the email">
          <Input autoComplete="off" autoFocus {...register("name")} />
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!formState.isValid}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
