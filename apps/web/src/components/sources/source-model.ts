// Pure helpers of the Sources pages: which host a connector runs on, which protection groups cover
// a registration, and the register body (§R: kPhysical host registered by endpoint + connection).
import { hostOf as connectorHost } from "@/lib/connector-model.ts";
import type { RouterInputs, RouterOutputs } from "@/trpc/types.ts";

export type SourceRow = RouterOutputs["source"]["list"]["items"][number];
export type ConnectorRow = RouterOutputs["connector"]["list"]["items"][number];
export type GroupRow = RouterOutputs["protectionGroup"]["list"]["items"][number];

export interface HostChoice {
  connectorId: string;
  connectorName: string;
  /** What the registration names as `physicalParams.endpoint`: the host name, else its address. */
  endpoint: string;
  hostName: string | null;
  address: string | null;
  connected: boolean;
  lastSeen: Date | null;
}

/**
 * The upstream connector model has no host-name field (§M.6): the host name comes from the
 * `hostName` extension field when the backend sends it (connectors/connector-model.ts), else the
 * endpoint is the connector's address (`tenantSideIp`). The engine resolves an endpoint by host
 * name or by address.
 */
export function hostOf(c: ConnectorRow): HostChoice {
  const hostName = connectorHost(c);
  const address = c.tenantSideIp ?? c.clusterSideIp ?? null;
  const secs = c.connectivityStatus?.lastConnectedTimestampSecs;
  return {
    connectorId: c.connectorId ?? "",
    connectorName: c.connectorName ?? c.connectorId ?? "connector",
    endpoint: hostName ?? address ?? c.connectorName ?? "",
    hostName,
    address,
    connected: c.connectivityStatus?.isConnected ?? false,
    lastSeen: typeof secs === "number" && secs > 0 ? new Date(secs * 1000) : null,
  };
}

/** Object ids a group protects (file-based physical groups, §M.3). */
export function groupObjectIds(g: GroupRow): number[] {
  const file = g.physicalParams?.fileProtectionTypeParams?.objects ?? [];
  const volume = g.physicalParams?.volumeProtectionTypeParams?.objects ?? [];
  return [...file, ...volume].map((o) => Number(o.id)).filter((id) => Number.isFinite(id));
}

/** The groups that cover the registration's host or one of its volumes. */
export function groupsProtecting(source: Pick<SourceRow, "sourceId" | "sourceInfo">, groups: GroupRow[]): GroupRow[] {
  const ids = new Set<number>();
  if (source.sourceId !== undefined) ids.add(Number(source.sourceId));
  for (const child of source.sourceInfo?.childObjects ?? []) if (child.id !== undefined) ids.add(Number(child.id));
  return groups.filter((g) => groupObjectIds(g).some((id) => ids.has(id)));
}

export function registerInput(connectionId: string, host: HostChoice, name: string): RouterInputs["source"]["create"] {
  return {
    registration: {
      environment: "kPhysical",
      name: name.trim() || host.endpoint,
      dataSourceConnectionId: connectionId,
      physicalParams: { endpoint: host.endpoint, physicalType: "kHost" },
    },
  };
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return "—";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
