"use client";
// The header bell: how many alerts of the selected workspace are open (red when any is critical),
// refreshed every 30 s; links to the Alerts page.
import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { cn } from "@lifeboat/ui";
import { useShell } from "@/components/shell/shell-context.tsx";
import { useTRPC } from "@/trpc/react.tsx";

export function AlertBell() {
  const trpc = useTRPC();
  const hasWorkspace = !!useShell().selectedWorkspace;
  const summary = useQuery(trpc.alert.summary.queryOptions(undefined, { enabled: hasWorkspace, refetchInterval: 30_000 }));
  if (!hasWorkspace) return null;
  const open = summary.data?.open ?? 0;
  const critical = (summary.data?.bySeverity.critical ?? 0) > 0;
  const label = summary.data ? `Alerts: ${open} open` : "Alerts";
  return (
    <Link
      href="/alerts"
      aria-label={label}
      title={label}
      className="relative inline-flex h-9 w-9 items-center justify-center rounded-md hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <Bell className="h-5 w-5" aria-hidden />
      {open > 0 ? (
        <span
          data-testid="alert-count"
          className={cn(
            "absolute -top-0.5 -right-0.5 min-w-5 rounded-full px-1 text-center text-[11px] leading-5 font-semibold text-white",
            critical ? "bg-red-600" : "bg-amber-600",
          )}
        >
          {open > 99 ? "99+" : open}
        </span>
      ) : null}
    </Link>
  );
}
