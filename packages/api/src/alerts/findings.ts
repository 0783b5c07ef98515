// The conditions as pure functions: what one upstream connection looks like now (ConnectionState,
// read by gather.ts from the sync tables and a few live probes) + a workspace's thresholds → the
// problems that hold right now (findings). A finding names its problem by `subjectKey`, so the same
// problem seen in the next evaluation is the same alert (reconcile.ts), not a new one.
// A condition whose data could not be read this time is left out of `evaluated`: its open alerts
// then stay as they are instead of resolving for lack of data.
import { CONDITIONS, FALLBACK_STALE_HOURS, type AlertCondition, type AlertSettings, type AlertSeverity, type AlertSubject } from "./catalogue.ts";

export interface Finding {
  condition: AlertCondition;
  severity: AlertSeverity;
  subjectKey: string;
  subject: AlertSubject;
  message: string;
  details: Record<string, string | number | boolean | null>;
}

export interface GroupState {
  groupId: string;
  name: string;
  policyId: string | null;
  isActive: boolean;
  isPaused: boolean;
}

export interface RunState {
  groupId: string;
  runId: string;
  status: string;
  startedAt: Date | null;
  endedAt: Date | null;
  slaViolated: boolean;
  /** The upstream's first message about the run (why it failed), when it gave one. */
  message?: string | null;
}

export interface RunningRun {
  groupId: string;
  groupName: string;
  runId: string;
  startedAt: Date | null;
  /** Since when its progress fingerprint has not changed (alert observations). */
  unchangedSince: Date;
}

export interface ObjectState {
  objectId: string;
  name: string;
  groupIds: string[];
  /** When the alert job first saw the object protected (the baseline before any success). */
  firstSeenAt: Date;
}

export interface ConnectorState {
  connectorId: string;
  name: string | null;
  isConnected: boolean;
  /** Last heartbeat as the upstream reports it, else when the alert job first saw it disconnected. */
  disconnectedSince: Date | null;
}

export interface SyncStreamState {
  stream: string;
  failures: number;
  lastError: string | null;
  lastOkAt: Date | null;
}

export interface UpgradeState {
  agentId: string;
  name: string;
  status: string;
  error: string | null;
  taskId: string;
}

export interface RepositoryCheckState {
  sourceId: string;
  name: string;
  status: string;
  checkedAt: Date | null;
  message: string | null;
  orphanedSnapshots: number;
  missingSnapshots: number;
}

export interface StorageState {
  usedBytes: number;
  totalBytes: number;
  location: string;
}

export interface RetentionEvent {
  /** Stable id of the change (its before/after fingerprint), so a change is one alert. */
  key: string;
  subject: AlertSubject;
  message: string;
}

export interface ConnectionState {
  connection: { id: string; name: string };
  groups: GroupState[];
  /** The newest run per group that ended Succeeded, SucceededWithWarning, Failed or Missed. */
  latestFinished: RunState[];
  /** The newest run per group (any status but Canceled/Skipped), for the SLA. */
  latest: RunState[];
  /** End of the newest successful run per group. */
  lastSuccessAt: Map<string, Date>;
  running: RunningRun[];
  objects: ObjectState[];
  connectors: ConnectorState[];
  streams: SyncStreamState[];
  /** Interval of each group's regular schedule in ms (from its policy), when known. */
  scheduleIntervalMs: Map<string, number>;
  /** Live probes: null when the upstream gave no such data this time (condition not evaluated). */
  upgrades: UpgradeState[] | null;
  repositoryChecks: RepositoryCheckState[] | null;
  storage: StorageState | null | undefined;
  retentionEvents: RetentionEvent[] | null;
}

export interface FindingsResult {
  findings: Finding[];
  evaluated: Set<AlertCondition>;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const FAILED = new Set(["Failed", "Missed"]);

function groupSubject(group: { groupId: string; name: string }, runId?: string): AlertSubject {
  return { kind: "protectionGroup", id: group.groupId, name: group.name, groupId: group.groupId, groupName: group.name, ...(runId ? { runId } : {}) };
}

function finding(condition: AlertCondition, subjectKey: string, subject: AlertSubject, message: string, details: Finding["details"] = {}, severity?: AlertSeverity): Finding {
  return { condition, severity: severity ?? CONDITIONS[condition].defaultSeverity, subjectKey, subject, message, details };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function hoursText(ms: number): string {
  const h = ms / HOUR_MS;
  return h >= 48 ? `${Math.floor(h / 24)} days` : h >= 1 ? `${Math.floor(h)} h` : `${Math.max(1, Math.floor(ms / MINUTE_MS))} min`;
}

function runFindings(state: ConnectionState): Finding[] {
  const names = new Map(state.groups.map((g) => [g.groupId, g.name]));
  const out: Finding[] = [];
  for (const run of state.latestFinished) {
    const group = { groupId: run.groupId, name: names.get(run.groupId) ?? run.groupId };
    const details = { runId: run.runId, status: run.status, startedAt: iso(run.startedAt), endedAt: iso(run.endedAt), ...(run.message ? { reason: run.message } : {}) };
    const because = run.message ? `: ${run.message}` : "";
    if (FAILED.has(run.status)) {
      const verb = run.status === "Missed" ? "was missed" : "failed";
      out.push(finding("run.failed", `group:${run.groupId}`, groupSubject(group, run.runId), `The newest run of protection group "${group.name}" ${verb}${because}`, details));
    } else if (run.status === "SucceededWithWarning") {
      out.push(finding("run.warning", `group:${run.groupId}`, groupSubject(group, run.runId), `The newest run of protection group "${group.name}" ended with warnings${because}`, details));
    }
  }
  for (const run of state.latest) {
    if (!run.slaViolated) continue;
    const group = { groupId: run.groupId, name: names.get(run.groupId) ?? run.groupId };
    out.push(
      finding("sla.missed", `group:${run.groupId}`, groupSubject(group, run.runId), `The newest run of protection group "${group.name}" missed its SLA`, {
        runId: run.runId,
        status: run.status,
        startedAt: iso(run.startedAt),
      }),
    );
  }
  return out;
}

function stalledFindings(state: ConnectionState, settings: AlertSettings, now: Date): Finding[] {
  const limit = settings.runStalledMinutes * MINUTE_MS;
  return state.running
    .filter((r) => now.getTime() - r.unchangedSince.getTime() >= limit)
    .map((r) =>
      finding(
        "run.stalled",
        `run:${r.groupId}/${r.runId}`,
        { kind: "run", id: r.runId, name: `${r.groupName} run`, groupId: r.groupId, groupName: r.groupName, runId: r.runId },
        `A run of protection group "${r.groupName}" has made no progress for ${hoursText(now.getTime() - r.unchangedSince.getTime())}`,
        { runId: r.runId, startedAt: iso(r.startedAt), noProgressSince: r.unchangedSince.toISOString() },
      ),
    );
}

/** The stale threshold of an object: staleHours, else staleFactor × its groups' shortest schedule. */
export function staleThresholdMs(groupIds: string[], state: Pick<ConnectionState, "scheduleIntervalMs">, settings: AlertSettings): number {
  if (settings.staleHours !== null) return settings.staleHours * HOUR_MS;
  const intervals = groupIds.map((g) => state.scheduleIntervalMs.get(g)).filter((v): v is number => typeof v === "number" && v > 0);
  return intervals.length > 0 ? settings.staleFactor * Math.min(...intervals) : FALLBACK_STALE_HOURS * HOUR_MS;
}

function staleFindings(state: ConnectionState, settings: AlertSettings, now: Date): Finding[] {
  const live = new Map(state.groups.filter((g) => g.isActive && !g.isPaused).map((g) => [g.groupId, g]));
  const out: Finding[] = [];
  for (const object of state.objects) {
    const groups = object.groupIds.filter((id) => live.has(id));
    if (groups.length === 0) continue; // nothing is supposed to back it up right now
    const successes = groups.map((g) => state.lastSuccessAt.get(g)?.getTime() ?? 0);
    const lastSuccess = Math.max(...successes);
    const since = lastSuccess > 0 ? lastSuccess : object.firstSeenAt.getTime();
    const threshold = staleThresholdMs(groups, state, settings);
    if (now.getTime() - since < threshold) continue;
    const group = live.get(groups[0]!)!;
    out.push(
      finding(
        "protection.stale",
        `object:${object.objectId}`,
        { kind: "object", id: object.objectId, name: object.name, objectId: object.objectId, groupId: group.groupId, groupName: group.name },
        lastSuccess > 0
          ? `"${object.name}" has had no successful backup for ${hoursText(now.getTime() - since)}`
          : `"${object.name}" has had no successful backup since it was protected (${hoursText(now.getTime() - since)} ago)`,
        { lastSuccessAt: lastSuccess > 0 ? new Date(lastSuccess).toISOString() : null, thresholdHours: Math.round((threshold / HOUR_MS) * 10) / 10 },
      ),
    );
  }
  return out;
}

function agentFindings(state: ConnectionState, settings: AlertSettings, now: Date): Finding[] {
  const limit = settings.agentOfflineMinutes * MINUTE_MS;
  return state.connectors
    .filter((c) => !c.isConnected && c.disconnectedSince && now.getTime() - c.disconnectedSince.getTime() >= limit)
    .map((c) => {
      const name = c.name ?? `connector ${c.connectorId}`;
      return finding(
        "agent.offline",
        `agent:${c.connectorId}`,
        { kind: "agent", id: c.connectorId, name, connectorId: c.connectorId },
        `Agent "${name}" has been offline since ${c.disconnectedSince!.toISOString()}`,
        { disconnectedSince: iso(c.disconnectedSince) },
      );
    });
}

function upstreamFindings(state: ConnectionState, settings: AlertSettings): Finding[] {
  // The streams every pass runs; per-group run streams fail with their group, not the connection.
  const core = state.streams.filter((s) => ["groups", "objects", "connectors", "recoveries"].includes(s.stream));
  const failing = core.filter((s) => s.failures >= settings.upstreamFailures);
  if (failing.length === 0) return [];
  const worst = failing.reduce((a, b) => (b.failures > a.failures ? b : a));
  const { id, name } = state.connection;
  return [
    finding(
      "upstream.unreachable",
      `connection:${id}`,
      { kind: "upstreamConnection", id, name },
      `Upstream connection "${name}" failed ${worst.failures} sync passes in a row: ${worst.lastError ?? "no message"}`,
      { failures: worst.failures, lastError: worst.lastError, lastOkAt: iso(worst.lastOkAt), streams: failing.map((s) => s.stream).join(",") },
    ),
  ];
}

function upgradeFindings(upgrades: UpgradeState[]): Finding[] {
  return upgrades
    .filter((u) => u.status === "Failed")
    .map((u) =>
      finding(
        "agent.upgradeFailed",
        `agent:${u.agentId}`,
        { kind: "agent", id: u.agentId, name: u.name, connectorId: u.agentId },
        `The upgrade of agent "${u.name}" failed${u.error ? `: ${u.error}` : ""}`,
        { taskId: u.taskId, error: u.error },
      ),
    );
}

function repositoryFindings(checks: RepositoryCheckState[]): Finding[] {
  const out: Finding[] = [];
  for (const c of checks) {
    const subject: AlertSubject = { kind: "source", id: c.sourceId, name: c.name };
    if (c.status === "Failed") {
      out.push(
        finding("repository.checkFailed", `source:${c.sourceId}`, subject, `The repository check of "${c.name}" failed${c.message ? `: ${c.message}` : ""}`, {
          checkedAt: iso(c.checkedAt),
        }),
      );
    }
    if (c.orphanedSnapshots > 0 || c.missingSnapshots > 0) {
      out.push(
        finding(
          "repository.snapshotsInconsistent",
          `source:${c.sourceId}`,
          subject,
          `The repository of "${c.name}" has ${c.orphanedSnapshots} orphaned and ${c.missingSnapshots} missing snapshot(s)`,
          { orphanedSnapshots: c.orphanedSnapshots, missingSnapshots: c.missingSnapshots, checkedAt: iso(c.checkedAt) },
        ),
      );
    }
  }
  return out;
}

function storageFindings(state: ConnectionState, storage: StorageState, settings: AlertSettings): Finding[] {
  if (storage.totalBytes <= 0) return [];
  const percent = (storage.usedBytes / storage.totalBytes) * 100;
  if (percent < settings.storagePercent) return [];
  const { id, name } = state.connection;
  return [
    finding(
      "storage.full",
      `storage:${id}`,
      { kind: "storageTarget", id, name: `${name} storage (${storage.location})` },
      `The storage target of "${name}" is ${percent.toFixed(1)} % full (threshold ${settings.storagePercent} %)`,
      { usedBytes: storage.usedBytes, totalBytes: storage.totalBytes, percent: Math.round(percent * 10) / 10 },
      percent >= 95 ? "critical" : undefined,
    ),
  ];
}

/** Every condition over one connection's state for one workspace's thresholds. */
export function evaluateConditions(state: ConnectionState, settings: AlertSettings, now: Date): FindingsResult {
  const evaluated = new Set<AlertCondition>(["run.failed", "run.warning", "sla.missed", "run.stalled", "protection.stale", "agent.offline", "upstream.unreachable"]);
  const findings = [
    ...runFindings(state),
    ...stalledFindings(state, settings, now),
    ...staleFindings(state, settings, now),
    ...agentFindings(state, settings, now),
    ...upstreamFindings(state, settings),
  ];
  if (state.upgrades) {
    evaluated.add("agent.upgradeFailed");
    findings.push(...upgradeFindings(state.upgrades));
  }
  if (state.repositoryChecks) {
    evaluated.add("repository.checkFailed");
    evaluated.add("repository.snapshotsInconsistent");
    findings.push(...repositoryFindings(state.repositoryChecks));
  }
  // undefined: not probed this time (keep alerts); null: the upstream has no such data (none hold).
  if (state.storage !== undefined) {
    evaluated.add("storage.full");
    if (state.storage) findings.push(...storageFindings(state, state.storage, settings));
  }
  if (state.retentionEvents) {
    evaluated.add("retention.changed");
    for (const e of state.retentionEvents) findings.push(finding("retention.changed", e.key, e.subject, e.message));
  }
  return { findings, evaluated };
}
