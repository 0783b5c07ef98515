import { Badge, type BadgeTone } from "@lifeboat/ui";

const TONE: Record<string, BadgeTone> = {
  Succeeded: "success", SucceededWithWarning: "warning", Failed: "danger", Canceled: "neutral", Missed: "warning", Skipped: "neutral",
  Running: "info", Accepted: "info", Queued: "info", Paused: "warning", Canceling: "neutral", OnHold: "warning",
};

/** A run status badge; wire values come as `Running` or `kRunning` (§E.3). */
export function RunStatus({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="text-muted-foreground">—</span>;
  const plain = status.replace(/^k(?=[A-Z])/, "");
  return <Badge tone={TONE[plain] ?? "neutral"}>{plain === "SucceededWithWarning" ? "Succeeded (warnings)" : plain}</Badge>;
}
