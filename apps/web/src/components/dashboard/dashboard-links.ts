// Where each dashboard tile leads. The lists read their filters from these query parameters:
// runs and recoveries take `status` and `window` (keys of TIME_WINDOWS, runs/run-filters.ts),
// objects `protection` (objects/object-filters.ts), connectors `status` (connector-model.ts).
// The tiles count the last 24 h, so the lists open on that window too.

type Window = "24h" | "7d" | "30d" | "all";

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const dashboardLinks = {
  unprotectedObjects: withQuery("/objects", { protection: "unprotected" }),
  runs: (status?: string, window: Window = "24h") => withQuery("/runs", { status, window }),
  /** Runs in progress may have started long ago: no time window. */
  runningNow: withQuery("/runs", { status: "Running", window: "all" }),
  /** The run detail route, app/(app)/runs/[groupId]/[runId]. */
  run: (groupId: string, runId: string) => `/runs/${encodeURIComponent(groupId)}/${encodeURIComponent(runId)}`,
  recoveries: (status?: string, window: Window = "24h") => withQuery("/recoveries", { status, window }),
  groups: "/protection-groups",
  connectors: "/connectors",
  disconnectedConnectors: "/connectors?status=disconnected",
  connections: "/connections",
  agents: "/agents",
} as const;
