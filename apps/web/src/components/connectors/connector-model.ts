// What the connector list shows beyond the wire fields. The upstream DataSourceConnector (§M.6)
// has no host or restic field: the bundled engine puts them in connectivityStatus.message as
// "<status>[: <detail>] (host <name>, <os>)" (apps/engine services/connectors.ts), and an agent
// without restic reports status Degraded with a message naming restic (apps/agent README).

export interface ConnectorLike {
  connectorName?: string | undefined;
  tenantSideIp?: string | undefined;
  connectivityStatus?: { isConnected: boolean; lastConnectedTimestampSecs?: number | undefined; message?: string | undefined } | undefined;
}

export function hostOf(c: ConnectorLike): string | null {
  const match = /\(host ([^,)]+)/.exec(c.connectivityStatus?.message ?? "");
  return match?.[1] ?? null;
}

export type ResticState = "present" | "missing" | "unknown";

export function resticOf(c: ConnectorLike): ResticState {
  const s = c.connectivityStatus;
  if (!s?.isConnected || !s.message) return "unknown";
  if (/restic/i.test(s.message)) return "missing";
  return /^Healthy\b/.test(s.message) ? "present" : "unknown";
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
