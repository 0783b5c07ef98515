import { cn } from "@lifeboat/ui";
import { formatEta, formatPercent } from "@/lib/format.ts";

/**
 * Progress of a run or recovery: a bar with the percentage and ETA in words. Without a fraction
 * (the upstream reports none yet) it shows an indeterminate bar rather than a made-up 0%.
 */
export function RunProgress({ progress, etaMs, paused = false, className }: { progress: number | null | undefined; etaMs?: number | null | undefined; paused?: boolean; className?: string }) {
  const pct = formatPercent(progress);
  const eta = paused ? "paused" : formatEta(etaMs);
  const label = [pct ?? "in progress", eta].filter(Boolean).join(", ");
  return (
    <div className={cn("flex min-w-32 flex-col gap-1", className)}>
      <div
        role="progressbar"
        aria-label={`Progress: ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ? Number.parseInt(pct, 10) : undefined}
        aria-valuetext={label}
        className="h-2 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-500", paused ? "bg-amber-500" : "bg-primary", pct === null && "w-1/3 animate-pulse")}
          style={pct === null ? undefined : { width: pct }}
        />
      </div>
      <span className="text-xs tabular-nums text-muted-foreground">{label}</span>
    </div>
  );
}
