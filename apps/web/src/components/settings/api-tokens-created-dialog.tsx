"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button, Dialog, toast } from "@lifeboat/ui";

/** Copies text and says so; clipboard access can be refused (insecure origin, permissions). */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.success(`${label} copied`);
    } catch {
      toast.error("The browser refused clipboard access: select the text and copy it by hand");
    }
  };
  return (
    <Button variant="secondary" size="sm" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
      {copied ? <Check className="h-3.5 w-3.5" aria-hidden /> : <Copy className="h-3.5 w-3.5" aria-hidden />}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/**
 * The new token, shown exactly once: the portal keeps only its hash, so closing this dialog is the
 * last chance to copy it. The parent drops the token from its state when the dialog closes.
 */
export function ApiTokenCreatedDialog({
  token,
  name,
  portalUrl,
  onClose,
}: {
  token: string;
  name: string;
  /** The portal's origin, for the examples. */
  portalUrl: string;
  onClose: () => void;
}) {
  const curl = `curl -H "Authorization: Bearer ${token}" ${portalUrl}/api/v1/policies`;
  const client = [
    `import { createLifeboatClient } from "@lifeboat/client";`,
    ``,
    `const lifeboat = createLifeboatClient({ url: "${portalUrl}", token: process.env.LIFEBOAT_TOKEN! });`,
    `const summary = await lifeboat.dashboard.summary.query();`,
  ].join("\n");
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Token "${name}" created`}
      description="Copy it now: it is shown only this once. The portal stores only a hash and cannot show it again."
      className="max-w-2xl"
    >
      <div className="flex flex-col gap-4">
        <div className="flex items-center gap-2">
          <code
            data-testid="new-api-token"
            className="min-w-0 flex-1 select-all break-all rounded-md border border-border bg-muted px-3 py-2 font-mono text-sm"
          >
            {token}
          </code>
          <CopyButton text={token} label="Token" />
        </div>
        <div>
          <div className="mb-1 flex items-center justify-between">
            <h3 className="text-sm font-medium">Call the REST API</h3>
            <CopyButton text={curl} label="curl command" />
          </div>
          <pre className="whitespace-pre-wrap break-all rounded-md bg-muted px-3 py-2 font-mono text-xs">{curl}</pre>
        </div>
        <div>
          <div className="mb-1 flex items-center justify-between">
            <h3 className="text-sm font-medium">Or the typed client (@lifeboat/client)</h3>
            <CopyButton text={client} label="Client snippet" />
          </div>
          <pre className="whitespace-pre-wrap break-all rounded-md bg-muted px-3 py-2 font-mono text-xs">{client}</pre>
        </div>
        <div className="flex justify-end">
          <Button onClick={onClose}>I have copied it</Button>
        </div>
      </div>
    </Dialog>
  );
}
