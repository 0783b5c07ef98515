// Reads what the conditions need about one upstream connection: the ops sync's tables (groups,
// runs, objects, connectors, stream failures) plus the live probes (probes.ts), and keeps the
// alert job's observations (since when a run made no progress, an agent was disconnected, an
// object was first protected; the previous DataLock settings of each policy).
import type { Db } from "../db.ts";
import { RUNNING_RUN_STATUSES } from "../ops/rows.ts";
import type { UpstreamClient } from "../upstream/upstream-for.ts";
import type { ConnectionState, RetentionEvent, RunState } from "./findings.ts";
import { observe, previousFingerprints } from "./observations.ts";
import { MAX_PROGRESS_PROBES, probePolicies, probeRepositoryChecks, probeLegalHolds, probeRunProgress, probeStorage, probeUpgrades, type PolicyFacts } from "./probes.ts";

export interface GatherDeps {
  db: Db;
  /** null when no client could be made (the upstream.unreachable condition still works). */
  client: UpstreamClient | null;
  connection: { id: string; name: string };
  now: Date;
  onProbeError?: (probe: string, error: unknown) => void;
}

async function probe<T>(deps: GatherDeps, name: string, work: (client: UpstreamClient) => Promise<T>): Promise<T | undefined> {
  if (!deps.client) return undefined;
  try {
    return await work(deps.client);
  } catch (error) {
    deps.onProbeError?.(name, error);
    return undefined;
  }
}

/** The newest run per group of the connection among `statuses` (one index range per group). */
async function newestRuns(db: Db, connectionId: string, statuses: readonly string[]): Promise<RunState[]> {
  return db.$queryRaw<RunState[]>`
    SELECT r."groupId", r."runId", r."status", r."startedAt", r."endedAt", r."slaViolated", r."message"
    FROM "ProtectionGroupState" g
    CROSS JOIN LATERAL (
      SELECT * FROM "RunSummary" s
      WHERE s."connectionId" = g."connectionId" AND s."groupId" = g."groupId" AND s."status" = ANY(${[...statuses]}::text[])
      ORDER BY s."startedAt" DESC NULLS LAST, s."runId" DESC
      LIMIT 1
    ) r
    WHERE g."connectionId" = ${connectionId}`;
}

/** Run ids listed in a stored fingerprint (a JSON array); none for anything else. */
function heldRuns(fingerprint: string | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(fingerprint ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

const listRuns = (ids: string[]) => (ids.length > 3 ? `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more` : ids.join(", "));

/**
 * DataLock changes of policies and legal-hold changes of runs since the last evaluation. What was
 * seen first sets the baseline: only a change is an event, each its own alert.
 */
async function retentionEvents(deps: GatherDeps, policies: Map<string, PolicyFacts>, legalHolds: Map<string, string[]> | undefined, groupNames: Map<string, string>): Promise<RetentionEvent[]> {
  const previous = await previousFingerprints(deps.db, deps.connection.id, "policy-lock:");
  await observe(
    deps.db,
    deps.connection.id,
    "policy-lock:",
    [...policies].map(([id, p]) => ({ key: `policy-lock:${id}`, fingerprint: p.dataLockFingerprint })),
    deps.now,
  );
  const events: RetentionEvent[] = [];
  for (const [id, p] of policies) {
    const before = previous.get(`policy-lock:${id}`);
    if (before === undefined || before === p.dataLockFingerprint) continue;
    events.push({
      key: `policy:${id}@${deps.now.toISOString()}`,
      subject: { kind: "policy", id, name: p.name },
      message: `The DataLock settings of policy "${p.name}" changed`,
    });
  }
  if (!legalHolds) return events;
  const previousHolds = await previousFingerprints(deps.db, deps.connection.id, "legal-hold:");
  await observe(
    deps.db,
    deps.connection.id,
    "legal-hold:",
    [...legalHolds].map(([groupId, ids]) => ({ key: `legal-hold:${groupId}`, fingerprint: JSON.stringify(ids) })),
    deps.now,
  );
  for (const [groupId, ids] of legalHolds) {
    const stored = previousHolds.get(`legal-hold:${groupId}`);
    if (stored === undefined || stored === JSON.stringify(ids)) continue;
    const before = new Set(heldRuns(stored));
    const now = new Set(ids);
    const set = ids.filter((id) => !before.has(id));
    const released = [...before].filter((id) => !now.has(id));
    const name = groupNames.get(groupId) ?? groupId;
    const parts = [
      ...(set.length ? [`set on run ${listRuns(set)}`] : []),
      ...(released.length ? [`released from run ${listRuns(released)}`] : []),
    ];
    events.push({
      key: `legal-hold:${groupId}@${deps.now.toISOString()}`,
      subject: { kind: "protectionGroup", id: groupId, name, groupId, groupName: name, ...(set.length + released.length === 1 ? { runId: set[0] ?? released[0]! } : {}) },
      message: `Legal hold ${parts.join(" and ")} of protection group "${name}"`,
    });
  }
  return events;
}

export async function gatherConnectionState(deps: GatherDeps): Promise<ConnectionState> {
  const { db, now } = deps;
  const connectionId = deps.connection.id;
  const [groups, latestFinished, latest, successes, running, objects, connectors, streams] = await Promise.all([
    db.protectionGroupState.findMany({ where: { connectionId }, select: { groupId: true, name: true, policyId: true, isActive: true, isPaused: true } }),
    newestRuns(db, connectionId, ["Succeeded", "SucceededWithWarning", "Failed", "Missed"]),
    newestRuns(db, connectionId, ["Succeeded", "SucceededWithWarning", "Failed", "Missed", ...RUNNING_RUN_STATUSES]),
    db.$queryRaw<{ groupId: string; at: Date }[]>`
      SELECT "groupId", max(COALESCE("endedAt", "startedAt")) AS at FROM "RunSummary"
      WHERE "connectionId" = ${connectionId} AND "status" IN ('Succeeded', 'SucceededWithWarning') GROUP BY "groupId"`,
    db.runSummary.findMany({
      where: { connectionId, status: { in: [...RUNNING_RUN_STATUSES] } },
      orderBy: { startedAt: "desc" },
      take: 500,
      select: { groupId: true, groupName: true, runId: true, startedAt: true, status: true, bytesRead: true, bytesWritten: true },
    }),
    db.protectedObjectState.findMany({ where: { connectionId, isProtected: true }, select: { objectId: true, name: true, groupIds: true } }),
    db.connectorState.findMany({ where: { connectionId }, select: { connectorId: true, name: true, isConnected: true, lastConnectedAt: true } }),
    db.syncCursor.findMany({ where: { connectionId }, select: { stream: true, failures: true, lastError: true, lastOkAt: true } }),
  ]);

  // Progress of running runs: live for the newest few, else their synced figures.
  const progress = await Promise.all(
    running.map(async (r, i) => {
      const live = i < MAX_PROGRESS_PROBES ? await probe(deps, "runProgress", (c) => probeRunProgress(c, r.groupId, r.runId)) : undefined;
      return { key: `run-progress:${r.groupId}/${r.runId}`, fingerprint: live ?? `${r.status}/${r.bytesRead}/${r.bytesWritten}` };
    }),
  );
  const progressSince = await observe(db, connectionId, "run-progress:", progress, now);
  const objectSince = await observe(db, connectionId, "object:", objects.map((o) => ({ key: `object:${o.objectId}`, fingerprint: "protected" })), now);
  const connectorSince = await observe(
    db,
    connectionId,
    "connector:",
    connectors.map((c) => ({ key: `connector:${c.connectorId}`, fingerprint: c.isConnected ? "connected" : "disconnected" })),
    now,
  );

  const [policies, upgrades, repositoryChecks, storage, legalHolds] = await Promise.all([
    probe(deps, "policies", probePolicies),
    probe(deps, "upgrades", probeUpgrades),
    probe(deps, "repositoryChecks", probeRepositoryChecks),
    probe(deps, "storage", probeStorage),
    probe(deps, "legalHolds", (c) => probeLegalHolds(c, groups.filter((g) => g.isActive).map((g) => g.groupId))),
  ]);
  const scheduleIntervalMs = new Map<string, number>();
  for (const g of groups) {
    const interval = g.policyId ? policies?.get(g.policyId)?.intervalMs : null;
    if (interval) scheduleIntervalMs.set(g.groupId, interval);
  }

  return {
    connection: deps.connection,
    groups,
    latestFinished,
    latest,
    lastSuccessAt: new Map(successes.map((s) => [s.groupId, s.at])),
    running: running.map((r) => ({
      groupId: r.groupId,
      groupName: r.groupName,
      runId: r.runId,
      startedAt: r.startedAt,
      unchangedSince: progressSince.get(`run-progress:${r.groupId}/${r.runId}`) ?? now,
    })),
    objects: objects.map((o) => ({ ...o, firstSeenAt: objectSince.get(`object:${o.objectId}`) ?? now })),
    connectors: connectors.map((c) => ({
      connectorId: c.connectorId,
      name: c.name,
      isConnected: c.isConnected,
      // The upstream's last heartbeat when it reports one; else when we first saw it disconnected.
      disconnectedSince: c.isConnected ? null : (c.lastConnectedAt ?? connectorSince.get(`connector:${c.connectorId}`) ?? now),
    })),
    streams,
    scheduleIntervalMs,
    upgrades: upgrades ?? null,
    repositoryChecks: repositoryChecks === undefined ? null : repositoryChecks,
    // undefined when the probe failed this time (its alerts stay), null when the upstream cannot tell.
    storage,
    retentionEvents: policies ? await retentionEvents(deps, policies, legalHolds, new Map(groups.map((g) => [g.groupId, g.name]))) : null,
  };
}
