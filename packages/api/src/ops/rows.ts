// Upstream models → sync table rows (pure, unit-tested). Field meanings: reference §M.3 (groups),
// §M.4 (runs), §M.5 (recoveries), §M.6 (connectors), §M.7 (objects).
import type { OperationResult } from "@lifeboat/contracts";
import { usecsToDate } from "@lifeboat/contracts";

type ItemOf<T> = T extends readonly (infer I)[] ? I : never;
export type UpstreamRun = ItemOf<NonNullable<OperationResult<"getProtectionGroupRuns">["runs"]>>;
export type UpstreamGroup = ItemOf<NonNullable<OperationResult<"getProtectionGroups">["protectionGroups"]>>;
export type UpstreamObject = ItemOf<NonNullable<OperationResult<"searchObjects">["objects"]>>;
export type UpstreamConnector = ItemOf<NonNullable<OperationResult<"getDataSourceConnectors">["connectors"]>>;
export type UpstreamRecovery = ItemOf<NonNullable<OperationResult<"getRecoveries">["recoveries"]>>;

/** Run statuses after which a run no longer changes (reference §E.3); the rest are re-read. */
export const FINAL_RUN_STATUSES = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Skipped", "Missed"] as const;
export const FAILED_RUN_STATUSES = ["Failed", "Canceled", "Missed"] as const;
export const RUNNING_RUN_STATUSES = ["Accepted", "Running", "Canceling", "Finalizing", "OnHold", "Paused"] as const;

export function isFinalStatus(status: string): boolean {
  return (FINAL_RUN_STATUSES as readonly string[]).includes(status);
}

const toDate = (usecs: number | undefined) => (usecs === undefined || usecs <= 0 ? null : usecsToDate(usecs));
const big = (n: number | undefined) => BigInt(Math.max(0, Math.trunc(n ?? 0)));

export interface GroupSla {
  slaMinutes: number | null;
  fullSlaMinutes: number | null;
}

/** SLA minutes per run kind from the group's `sla[]` (§M.3 SlaRule; kIncremental covers kRegular, §Q 13). */
export function slaOf(group: Pick<UpstreamGroup, "sla">): GroupSla {
  const rule = (type: string) => group.sla?.find((r) => r.backupRunType === type)?.slaMinutes ?? null;
  return { slaMinutes: rule("kIncremental"), fullSlaMinutes: rule("kFull") };
}

/**
 * A run missed its SLA when the upstream says so, or when it took (or, still running at `now`,
 * has taken) longer than the group's SLA minutes for its run type.
 */
export function runSlaViolated(
  info: { isSlaViolated?: boolean | undefined; runType?: string | undefined; startTimeUsecs?: number | undefined; endTimeUsecs?: number | undefined; status?: string | undefined },
  sla: GroupSla,
  nowMs: number,
): boolean {
  if (info.isSlaViolated) return true;
  if (info.status === "Missed") return true;
  const minutes = info.runType === "kFull" ? (sla.fullSlaMinutes ?? sla.slaMinutes) : sla.slaMinutes;
  if (!minutes || info.startTimeUsecs === undefined) return false;
  const endMs = info.endTimeUsecs !== undefined && info.endTimeUsecs > 0 ? info.endTimeUsecs / 1000 : nowMs;
  return endMs - info.startTimeUsecs / 1000 > minutes * 60_000;
}

export function runRow(connectionId: string, group: { id: string; name: string; environment?: string | null }, run: UpstreamRun, sla: GroupSla, nowMs: number) {
  const info = run.localBackupInfo ?? run.originalBackupInfo ?? {};
  const stats = info.localSnapshotStats ?? {};
  return {
    connectionId,
    groupId: group.id,
    runId: run.id ?? "",
    groupName: run.protectionGroupName ?? group.name,
    environment: run.environment ?? group.environment ?? null,
    status: info.status ?? "Unknown",
    runType: info.runType ?? null,
    startedAt: toDate(info.startTimeUsecs),
    endedAt: toDate(info.endTimeUsecs),
    bytesRead: big(stats.bytesRead),
    bytesWritten: big(stats.bytesWritten),
    logicalBytes: big(stats.logicalSizeBytes),
    slaViolated: runSlaViolated(info, sla, nowMs),
    message: info.messages?.[0]?.slice(0, 500) ?? null,
  };
}

export function groupRow(connectionId: string, group: UpstreamGroup & { id: string }, seenAt: Date) {
  const last = group.lastRun?.localBackupInfo ?? group.lastRun?.originalBackupInfo;
  return {
    connectionId,
    groupId: group.id,
    name: group.name ?? group.id,
    environment: group.environment ?? null,
    policyId: group.policyId ?? null,
    isActive: group.isActive ?? true,
    isPaused: group.isPaused ?? false,
    ...slaOf(group),
    numProtectedObjects: Math.trunc(group.numProtectedObjects ?? 0),
    lastRunId: group.lastRun?.id ?? null,
    lastRunStatus: last?.status ?? null,
    lastRunStartedAt: toDate(last?.startTimeUsecs),
    lastRunEndedAt: toDate(last?.endTimeUsecs),
    seenAt,
  };
}

/** Protected = some non-deleted protection info lists at least one group (§M.7 ObjectProtectionInfo). */
export function objectRow(connectionId: string, object: UpstreamObject & { id: number }, seenAt: Date) {
  const infos = (object.objectProtectionInfos ?? []).filter((i) => !i.isDeleted);
  const groupIds = [...new Set(infos.flatMap((i) => (i.protectionGroups ?? []).map((g) => g.id).filter((id): id is string => !!id)))];
  const lastRunStatus = infos.find((i) => i.lastRunStatus)?.lastRunStatus ?? null;
  return {
    connectionId,
    objectId: String(object.id),
    name: object.name ?? String(object.id),
    environment: object.environment ?? null,
    objectType: object.objectType ?? null,
    sourceId: object.sourceId === undefined ? null : String(object.sourceId),
    isProtected: groupIds.length > 0,
    groupIds,
    lastRunStatus,
    seenAt,
  };
}

/** lastConnectedTimestampSecs is in seconds (§Q 16). */
export function connectorRow(connectionId: string, c: UpstreamConnector & { connectorId: string }, seenAt: Date) {
  const secs = c.connectivityStatus?.lastConnectedTimestampSecs;
  return {
    connectionId,
    connectorId: c.connectorId,
    name: c.connectorName ?? null,
    dataSourceConnection: c.connectionId ?? null,
    isConnected: c.connectivityStatus?.isConnected ?? false,
    lastConnectedAt: secs ? new Date(secs * 1000) : null,
    softwareVersion: c.softwareVersion ?? null,
    upgradeStatus: c.upgradeStatus?.status ?? null,
    seenAt,
  };
}

export function recoveryRow(connectionId: string, r: UpstreamRecovery & { id: string }) {
  return {
    connectionId,
    recoveryId: r.id,
    name: r.name ?? null,
    status: r.status ?? "Unknown",
    recoveryAction: r.recoveryAction ?? null,
    startedAt: toDate(r.startTimeUsecs),
    endedAt: toDate(r.endTimeUsecs),
  };
}
