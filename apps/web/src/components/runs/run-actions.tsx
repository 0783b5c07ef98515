"use client";
// Pause / resume / cancel of one run, and "Run now" of a group. Shown to operators only; cancel
// asks first and names what is lost. Each mutation carries an idempotency key so a double click
// or a retried request acts once.
import { Button, ConfirmDialog, DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger, toast } from "@lifeboat/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, Pause, Play, Square, Zap } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { isActiveStatus, plainStatus } from "@/lib/format.ts";
import { useCanOperate } from "@/components/common/use-can-operate.ts";

const key = () => crypto.randomUUID();

export function RunActions({ groupId, runId, groupName, status, compact = false }: { groupId: string; runId: string; groupName: string; status: string | null | undefined; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canOperate = useCanOperate();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const done = (verb: string) => {
    toast.success(`${verb} run ${runId} of ${groupName}`);
    void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.pathKey() });
  };
  const fail = (verb: string) => (e: unknown) => toast.error(errorMessage(e, `Could not ${verb} the run`));
  const pause = useMutation(trpc.protectionGroup.run.pause.mutationOptions({ onSuccess: () => done("Paused"), onError: fail("pause") }));
  const resume = useMutation(trpc.protectionGroup.run.resume.mutationOptions({ onSuccess: () => done("Resumed"), onError: fail("resume") }));
  const cancel = useMutation(
    trpc.protectionGroup.run.cancel.mutationOptions({
      onSuccess: () => {
        setConfirmCancel(false);
        done("Cancel requested for");
      },
      onError: fail("cancel"),
    }),
  );
  if (!canOperate || !isActiveStatus(status)) return null;
  const paused = plainStatus(status) === "Paused";
  const size = compact ? "sm" : "md";
  return (
    <div className="flex items-center gap-2">
      {paused ? (
        <Button variant="secondary" size={size} loading={resume.isPending} onClick={() => resume.mutate({ groupId, runId, idempotencyKey: key() })}>
          <Play className="h-4 w-4" aria-hidden /> Resume
        </Button>
      ) : (
        <Button variant="secondary" size={size} loading={pause.isPending} onClick={() => pause.mutate({ groupId, runId, idempotencyKey: key() })}>
          <Pause className="h-4 w-4" aria-hidden /> Pause
        </Button>
      )}
      <Button variant="secondary" size={size} onClick={() => setConfirmCancel(true)}>
        <Square className="h-4 w-4" aria-hidden /> Cancel run
      </Button>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this run?"
        confirmLabel="Cancel run"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate({ groupId, runId, idempotencyKey: key() })}
      >
        <p>
          Run <span className="font-mono">{runId}</span> of <strong>{groupName}</strong> stops now. Objects it has not finished get no
          restore point from this run; data already copied by it is discarded. The next scheduled run starts as usual.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function RunNowButton({ groupId, groupName }: { groupId: string; groupName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canOperate = useCanOperate();
  const runNow = useMutation(
    trpc.protectionGroup.run.runNow.mutationOptions({
      onSuccess: (_d, input) => {
        toast.success(`${input.run?.runType === "kFull" ? "Full" : "Incremental"} run of ${groupName} requested; it appears here within seconds`);
        // §Q 3: the answer names no run; the list and the live watch pick it up.
        void queryClient.invalidateQueries({ queryKey: trpc.protectionGroup.run.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e, `Could not start a run of ${groupName}`)),
    }),
  );
  if (!canOperate) return null;
  const start = (runType: "kRegular" | "kFull") => runNow.mutate({ groupId, run: { runType }, idempotencyKey: key() });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button loading={runNow.isPending}>
          <Zap className="h-4 w-4" aria-hidden /> Run now <ChevronDown className="h-4 w-4" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={() => start("kRegular")}>Incremental — only what changed since the last run</DropdownMenuItem>
        <DropdownMenuItem onSelect={() => start("kFull")}>Full — read everything again</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
