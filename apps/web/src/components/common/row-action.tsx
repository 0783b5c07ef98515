"use client";
// Row actions of a list: a mutation that toasts its outcome and refreshes the list, and the
// confirmation dialog of a destructive one (delete, revoke…) that names the row it acts on.
import { ConfirmDialog, toast } from "@lifeboat/ui";
import { useMutation, useQueryClient, type QueryKey, type UseMutationOptions } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "@/lib/trpc-errors.ts";

export interface ListMutationMessages<TData, TVars> {
  /** The toast after success (null: none). */
  success?: ((data: TData, vars: TVars) => string | null) | string;
  /** The toast's lead when it fails; the error's own message follows. */
  failure: string;
  /** Queries to refresh after success (a tRPC `pathKey()`). */
  invalidate?: QueryKey;
  onDone?: (data: TData, vars: TVars) => unknown;
}

/** `useMutation` with the list's usual outcome: a toast either way, and the list refreshed after success. */
export function useListMutation<TData, TError, TVars, TContext>(
  options: UseMutationOptions<TData, TError, TVars, TContext>,
  { success, failure, invalidate, onDone }: ListMutationMessages<TData, TVars>,
) {
  const queryClient = useQueryClient();
  return useMutation<TData, TError, TVars, TContext>({
    ...options,
    onSuccess: async (data, vars) => {
      const text = typeof success === "function" ? success(data, vars) : success;
      if (text) toast.success(text);
      await onDone?.(data, vars);
      if (invalidate) await queryClient.invalidateQueries({ queryKey: invalidate });
    },
    onError: (error) => toast.error(errorMessage(error, failure)),
  });
}

export interface RowConfirm<TRow> {
  /** The row the dialog asks about, or null when closed. */
  row: TRow | null;
  ask: (row: TRow) => void;
  close: () => void;
  confirm: () => void;
  pending: boolean;
}

/** A confirmed row action: `ask(row)` opens the dialog; confirming runs the mutation on that row. */
export function useRowConfirm<TRow, TData, TError, TVars, TContext>(
  options: UseMutationOptions<TData, TError, TVars, TContext>,
  variables: (row: TRow) => TVars,
  messages: Omit<ListMutationMessages<TData, TVars>, "success"> & { success?: (row: TRow, data: TData) => string | null },
): RowConfirm<TRow> {
  const [row, setRow] = useState<TRow | null>(null);
  const { success, onDone, ...rest } = messages;
  const mutation = useListMutation(options, {
    ...rest,
    success: (data) => (row && success ? success(row, data) : null),
    onDone: async (data, vars) => {
      setRow(null);
      await onDone?.(data, vars);
    },
  });
  return { row, ask: setRow, close: () => setRow(null), confirm: () => row && mutation.mutate(variables(row)), pending: mutation.isPending };
}

/** The dialog of a `useRowConfirm` action; title and text are built from the row. */
export function RowConfirmDialog<TRow>({
  action,
  title,
  confirmLabel,
  children,
}: {
  action: RowConfirm<TRow>;
  title: (row: TRow) => string;
  confirmLabel: string;
  children: (row: TRow) => ReactNode;
}) {
  const { row } = action;
  if (row === null) return null;
  return (
    <ConfirmDialog open onOpenChange={(open) => (open ? null : action.close())} title={title(row)} confirmLabel={confirmLabel} pending={action.pending} onConfirm={action.confirm}>
      {children(row)}
    </ConfirmDialog>
  );
}
