"use client";
import { useMutation } from "@tanstack/react-query";
import { Button, Dialog, ErrorState } from "@lifeboat/ui";
import { useState } from "react";
import { LocalTime } from "@/components/common/local-time.tsx";
import { errorMessage } from "@/lib/trpc-errors.ts";
import { useTRPC } from "@/trpc/react.tsx";
import { CopyableValue } from "@/components/common/copy-button.tsx";
import { installCommand, tokenExpiry } from "@/lib/install-command.ts";

export interface TokenDialogProps {
  connection: { connectionId: string; connectionName: string } | null;
  onOpenChange: (open: boolean) => void;
  engineUrl?: string | undefined;
  now?: () => Date;
}

/**
 * Generates a registration token for one connection and shows it once: it is not stored by the
 * portal (packages/api connection.generateToken), so closing the dialog loses it for good.
 */
export function TokenDialog({ connection, onOpenChange, engineUrl, now = () => new Date() }: TokenDialogProps) {
  const trpc = useTRPC();
  const [issued, setIssued] = useState<{ token: string; at: Date } | null>(null);
  const generate = useMutation(
    trpc.connection.generateToken.mutationOptions({ onSuccess: (r) => setIssued({ token: r.registrationToken, at: now() }) }),
  );
  const close = (open: boolean) => {
    if (!open) {
      setIssued(null);
      generate.reset();
    }
    onOpenChange(open);
  };
  return (
    <Dialog
      open={connection !== null}
      onOpenChange={close}
      title={`Registration token for ${connection?.connectionName ?? ""}`}
      description="An agent uses the token once, to register its host with this connection."
      className="max-w-2xl"
      footer={
        issued ? (
          <Button onClick={() => close(false)}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={() => close(false)}>Cancel</Button>
            <Button loading={generate.isPending} onClick={() => connection && generate.mutate({ connectionId: connection.connectionId })}>
              Generate token
            </Button>
          </>
        )
      }
    >
      {generate.isError ? <ErrorState title="The token was not generated" message={errorMessage(generate.error)} /> : null}
      {issued ? (
        <div className="flex flex-col gap-4 text-sm">
          <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            This token is shown only now. Copy it before closing; generate a new one if you lose it.
          </p>
          <CopyableValue label="registration token" value={issued.token} />
          <p>
            Valid until <LocalTime value={tokenExpiry(issued.at)} /> (24 hours). Any number of hosts may register with it until then.
          </p>
          <div className="flex flex-col gap-2">
            <p className="font-medium">Install the agent on a Linux host</p>
            <ol className="list-decimal space-y-1 pl-5 text-muted-foreground">
              <li>Download the Linux installer on the Agents page and copy it to the host (it needs Node.js 20+ and restic).</li>
              <li>Run this in the folder holding the installer:</li>
            </ol>
            <CopyableValue label="install command" value={installCommand({ engineUrl, token: issued.token })} />
          </div>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">
          Generating a token does not revoke earlier ones; each expires after 24 hours.
        </p>
      )}
    </Dialog>
  );
}
