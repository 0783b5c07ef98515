"use client";
// Cancel of a running recovery (operators only): asks first and says what stays behind. The recovery
// goes through Canceling to Canceled within seconds, whatever the agent's task is doing (issue 12);
// the page follows it live. A second click while it is Canceling is not offered.
import { Button, ConfirmDialog, toast } from "@lifeboat/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Square } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { isActiveStatus, plainStatus } from "@/lib/format.ts";
import { useCanOperate } from "@/components/common/use-can-operate.ts";

export function CancelRecoveryButton({ id, name, status }: { id: string; name: string; status: string | null | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canOperate = useCanOperate();
  const [confirm, setConfirm] = useState(false);
  const cancel = useMutation(
    trpc.recovery.cancel.mutationOptions({
      onSuccess: () => {
        setConfirm(false);
        toast.success(`Cancel requested for ${name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.recovery.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e, "Could not cancel the recovery")),
    }),
  );
  if (!canOperate || !isActiveStatus(status) || plainStatus(status) === "Canceling") return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setConfirm(true)}>
        <Square className="h-4 w-4" aria-hidden /> Cancel recovery
      </Button>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Cancel this recovery?"
        confirmLabel="Cancel recovery"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate({ id, idempotencyKey: crypto.randomUUID() })}
      >
        <p>
          <strong>{name}</strong> stops now. Files it already put in place stay where they are; files it had not reached are not
          restored. You can start the recovery again at any time.
        </p>
      </ConfirmDialog>
    </>
  );
}
