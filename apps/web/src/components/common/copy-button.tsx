"use client";
import { Button, toast } from "@lifeboat/ui";
import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** Copies `value` to the clipboard; says so on the button and in a toast. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      aria-label={copied ? `${label} copied` : `Copy ${label}`}
      onClick={() => {
        navigator.clipboard.writeText(value).then(
          () => {
            setCopied(true);
            toast.success(`${label[0]?.toUpperCase()}${label.slice(1)} copied`);
            setTimeout(() => setCopied(false), 2000);
          },
          () => toast.error("The browser refused clipboard access: select the text and copy it by hand."),
        );
      }}
    >
      {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** A read-only monospace value with its copy button. */
export function CopyableValue({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex items-start gap-2">
      <code aria-label={label} className="min-w-0 flex-1 rounded-md border border-border bg-muted px-3 py-2 font-mono text-xs break-all text-foreground">
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
