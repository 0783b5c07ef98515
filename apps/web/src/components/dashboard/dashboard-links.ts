// Where each dashboard tile leads: the lists' own URL state (lib/list-params.ts), so a tile and the
// list cannot disagree on a key. The tiles count the last 24 h, so the lists open on that window too.
import { listHref, recoveryListParams, runListParams, type TimeWindow } from "@/lib/list-params.ts";

export const dashboardLinks = {
  unprotectedObjects: listHref.objects("/objects", { protection: "unprotected" }),
  /** A status the list does not filter by (the summary may name more) links to the unfiltered list. */
  runs: (status?: string, window: TimeWindow = "24h") => listHref.runs("/runs", { status: runListParams.status.parse(status ?? ""), window }),
  /** Runs in progress may have started long ago: no time window. */
  runningNow: listHref.runs("/runs", { status: "Running", window: "all" }),
  /** The run detail route, app/(app)/runs/[groupId]/[runId]. */
  run: (groupId: string, runId: string) => `/runs/${encodeURIComponent(groupId)}/${encodeURIComponent(runId)}`,
  recoveries: (status?: string, window: TimeWindow = "24h") => listHref.recoveries("/recoveries", { status: recoveryListParams.status.parse(status ?? ""), window }),
  groups: "/protection-groups",
  connectors: "/connectors",
  disconnectedConnectors: listHref.connectors("/connectors", { status: "disconnected" }),
  connections: "/connections",
  agents: "/agents",
} as const;
