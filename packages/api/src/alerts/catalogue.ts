// The alert vocabulary in one place: the conditions the alert job evaluates (ids as rules, alerts
// and the webhook payload spell them), their default severities, the subject an alert is about,
// and the per-workspace thresholds with their defaults. Everything else imports these schemas.
import { z } from "zod";

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export function severityRank(s: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(s);
}

export const ALERT_CONDITIONS = [
  "run.failed",
  "run.warning",
  "sla.missed",
  "run.stalled",
  "protection.stale",
  "agent.offline",
  "agent.upgradeFailed",
  "repository.checkFailed",
  "repository.snapshotsInconsistent",
  "storage.full",
  "retention.changed",
  "upstream.unreachable",
] as const;
export const AlertConditionSchema = z.enum(ALERT_CONDITIONS);
export type AlertCondition = z.infer<typeof AlertConditionSchema>;

export interface ConditionInfo {
  id: AlertCondition;
  label: string;
  description: string;
  defaultSeverity: AlertSeverity;
  /**
   * "state": open while the condition holds, resolved when it clears. "event": something happened
   * (DataLock changed); open for the workspace's `eventHours`, then resolved.
   */
  kind: "state" | "event";
}

export const CONDITIONS: Record<AlertCondition, ConditionInfo> = {
  "run.failed": {
    id: "run.failed",
    label: "Run failed",
    description: "The newest finished run of a protection group failed or was missed; resolved by its next successful run.",
    defaultSeverity: "critical",
    kind: "state",
  },
  "run.warning": {
    id: "run.warning",
    label: "Run ended with warnings",
    description: "The newest finished run of a protection group succeeded with warnings (e.g. unreadable files).",
    defaultSeverity: "warning",
    kind: "state",
  },
  "sla.missed": {
    id: "sla.missed",
    label: "SLA missed",
    description: "The newest run of a protection group took longer than the group's SLA, or the upstream says it missed it.",
    defaultSeverity: "warning",
    kind: "state",
  },
  "run.stalled": {
    id: "run.stalled",
    label: "Run stalled",
    description: "A running run has made no progress for the workspace's stall threshold (minutes).",
    defaultSeverity: "warning",
    kind: "state",
  },
  "protection.stale": {
    id: "protection.stale",
    label: "Protection stale",
    description: "A protected object has had no successful backup for the stale threshold (default: twice its schedule).",
    defaultSeverity: "critical",
    kind: "state",
  },
  "agent.offline": {
    id: "agent.offline",
    label: "Agent offline",
    description: "A data-source connector (agent) has been disconnected for the offline threshold (minutes).",
    defaultSeverity: "critical",
    kind: "state",
  },
  "agent.upgradeFailed": {
    id: "agent.upgradeFailed",
    label: "Agent upgrade failed",
    description: "The newest upgrade task of an agent failed.",
    defaultSeverity: "warning",
    kind: "state",
  },
  "repository.checkFailed": {
    id: "repository.checkFailed",
    label: "Repository check failed",
    description: "The newest integrity check of a host's repository failed (Lifeboat engine extension; other upstreams report none).",
    defaultSeverity: "critical",
    kind: "state",
  },
  "repository.snapshotsInconsistent": {
    id: "repository.snapshotsInconsistent",
    label: "Orphaned or missing snapshots",
    description: "A host's repository holds snapshots the engine does not know, or lacks snapshots it lists (Lifeboat engine extension).",
    defaultSeverity: "warning",
    kind: "state",
  },
  "storage.full": {
    id: "storage.full",
    label: "Storage nearly full",
    description: "The storage target is fuller than the workspace's threshold (percent; Lifeboat engine extension).",
    defaultSeverity: "warning",
    kind: "state",
  },
  "retention.changed": {
    id: "retention.changed",
    label: "DataLock or legal hold changed",
    description: "A policy's DataLock, or a run's legal hold or DataLock, changed.",
    defaultSeverity: "info",
    kind: "event",
  },
  "upstream.unreachable": {
    id: "upstream.unreachable",
    label: "Upstream connection failing",
    description: "The workspace's upstream connection failed the last N sync passes in a row.",
    defaultSeverity: "critical",
    kind: "state",
  },
};

export const SUBJECT_KINDS = ["protectionGroup", "object", "agent", "upstreamConnection", "source", "storageTarget", "policy", "run"] as const;

/** What an alert is about: its ids and names, as the payload and the Alerts page show them. */
export const AlertSubjectSchema = z.object({
  kind: z.enum(SUBJECT_KINDS),
  id: z.string().max(200),
  name: z.string().max(500),
  groupId: z.string().max(200).optional(),
  groupName: z.string().max(500).optional(),
  runId: z.string().max(200).optional(),
  objectId: z.string().max(200).optional(),
  connectorId: z.string().max(200).optional(),
  hostName: z.string().max(500).optional(),
});
export type AlertSubject = z.infer<typeof AlertSubjectSchema>;

/** The thresholds of one workspace (AlertSettings), with the defaults used when it has none. */
export const AlertSettingsSchema = z.object({
  agentOfflineMinutes: z.number().int().min(0).max(10_080),
  runStalledMinutes: z.number().int().min(1).max(10_080),
  /** Hours without a successful backup before protection is stale; null: staleFactor × the schedule. */
  staleHours: z.number().int().min(1).max(8_760).nullable(),
  staleFactor: z.number().min(1).max(100),
  storagePercent: z.number().int().min(1).max(100),
  upstreamFailures: z.number().int().min(1).max(1_000),
  eventHours: z.number().int().min(1).max(720),
});
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  agentOfflineMinutes: 10,
  runStalledMinutes: 30,
  staleHours: null,
  staleFactor: 2,
  storagePercent: 85,
  upstreamFailures: 3,
  eventHours: 24,
};

/** Stale threshold when neither staleHours nor the group's schedule interval is known. */
export const FALLBACK_STALE_HOURS = 48;
