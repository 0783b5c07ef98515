// What the connector list shows beyond the upstream's fields. The upstream DataSourceConnector
// (§M.6) has no host-name or restic field; a backend that knows them (the bundled engine records
// both from the agent's heartbeat) may add `hostName` and `resticVersion` to the connector, which
// the tolerant response schemas keep. They are read from those fields only, never parsed out of
// the free-text connectivity message: when absent the page says "not reported".

export interface ConnectorLike {
  connectorName?: string | undefined;
  tenantSideIp?: string | undefined;
  connectivityStatus?: { isConnected: boolean; lastConnectedTimestampSecs?: number | undefined; message?: string | undefined } | undefined;
  /** Extension field (not in §M.6): the host the agent runs on. */
  hostName?: unknown;
  /** Extension field (not in §M.6): restic's version on the host, "" when restic is missing. */
  resticVersion?: unknown;
}

export function hostOf(c: ConnectorLike): string | null {
  return typeof c.hostName === "string" && c.hostName.trim() ? c.hostName.trim() : null;
}

export type ResticState = { state: "present"; version: string } | { state: "missing" } | { state: "unknown" };

export function resticOf(c: ConnectorLike): ResticState {
  if (typeof c.resticVersion !== "string") return { state: "unknown" };
  return c.resticVersion.trim() ? { state: "present", version: c.resticVersion.trim() } : { state: "missing" };
}

export function lastSeen(c: ConnectorLike): Date | null {
  const secs = c.connectivityStatus?.lastConnectedTimestampSecs;
  return secs ? new Date(secs * 1000) : null;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function relativeTime(date: Date, now: Date): string {
  const secs = Math.round((now.getTime() - date.getTime()) / 1000);
  if (secs < 45) return "just now";
  const mins = Math.round(secs / 60);
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}
