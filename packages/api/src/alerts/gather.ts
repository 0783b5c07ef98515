// Reads what the conditions need about one upstream connection: the ops sync's tables (groups,
// runs, objects, connectors, stream failures) plus the live probes (probes.ts), and keeps the
// alert job's observations (since when a run made no progress, an agent was disconnected, an
// object was first protected; the previous DataLock settings of each policy).
import type { Db } from "../db.ts";
import { RUNNING_RUN_STATUSES } from "../ops/rows.ts";
import type { UpstreamClient } from "../upstream/upstream-for.ts";
import type { ConnectionState, RetentionEvent, RunState } from "./findings.ts";
import { observe, previousFingerprints } from "./observations.ts";
import { MAX_PROGRESS_PROBES, probePolicies, probeRepositoryChecks, probeRunProgress, probeRunRetention, probeStorage, probeUpgrades, type PolicyFacts, type RunRetention } from "./probes.ts";

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

/** A group's retention as stored in its observation fingerprint (see retentionFingerprint). */
function storedRetention(fingerprint: string | undefined): RunRetention | null {
  try {
    const parsed: unknown = JSON.parse(fingerprint ?? "null");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
    const o = parsed as Partial<RunRetention>;
    return {
      held: Array.isArray(o.held) ? o.held.filter((x): x is string => typeof x === "string") : [],
      locks: typeof o.locks === "object" && o.locks !== null ? o.locks : {},
      newestStartUsecs: typeof o.newestStartUsecs === "number" ? o.newestStartUsecs : 0,
    };
  } catch {
    return null;
  }
}

/** Stable text of a group's retention: the same holds and locks give the same fingerprint. */
function retentionFingerprint(r: RunRetention): string {
  const locks = Object.fromEntries(Object.entries(r.locks).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ held: r.held, locks, newestStartUsecs: r.newestStartUsecs });
}

const listRuns = (ids: string[]) => (ids.length > 3 ? `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more` : ids.join(", "));

/**
 * What changed in a group's runs since the last evaluation: legal holds set or released, and
 * DataLocks set on a run that was already there or changed (a new run that comes with its policy's
 * DataLock is not a change). A lock that left the list (expired, deleted run) says nothing; a held
 * run that left it counts as released.
 */
export function runRetentionChanges(before: RunRetention, now: RunRetention): { text: string; runIds: string[] }[] {
  const wasHeld = new Set(before.held);
  const isHeld = new Set(now.held);
  const set = now.held.filter((id) => !wasHeld.has(id));
  const released = before.held.filter((id) => !isHeld.has(id));
  const changes: { text: string; runIds: string[] }[] = [];
  if (set.length) changes.push({ text: `legal hold set on run ${listRuns(set)}`, runIds: set });
  if (released.length) changes.push({ text: `legal hold released from run ${listRuns(released)}`, runIds: released });
  for (const [runId, lock] of Object.entries(now.locks).sort(([a], [b]) => a.localeCompare(b))) {
    const old = before.locks[runId];
    if (old === lock) continue;
    const [, startUsecs] = runId.split(":");
    const existedBefore = old !== undefined || Number(startUsecs ?? Infinity) <= before.newestStartUsecs;
    if (existedBefore) changes.push({ text: `DataLock of run ${runId} ${old === undefined ? "set" : "changed"} to ${lock}`, runIds: [runId] });
  }
  return changes;
}

/**
 * DataLock changes of policies, and legal-hold and DataLock changes of runs, since the last
 * evaluation. What was seen first sets the baseline: only a change is an event, each its own alert.
 */
async function retentionEvents(deps: GatherDeps, policies: Map<string, PolicyFacts>, runRetention: Map<string, RunRetention> | undefined, groupNames: Map<string, string>): Promise<RetentionEvent[]> {
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
  if (!runRetention) return events;
  const previousRuns = await previousFingerprints(deps.db, deps.connection.id, "run-retention:");
  await observe(
    deps.db,
    deps.connection.id,
    "run-retention:",
    [...runRetention].map(([groupId, r]) => ({ key: `run-retention:${groupId}`, fingerprint: retentionFingerprint(r) })),
    deps.now,
  );
  for (const [groupId, now] of runRetention) {
    const before = storedRetention(previousRuns.get(`run-retention:${groupId}`));
    if (!before) continue;
    const changes = runRetentionChanges(before, now);
    if (changes.length === 0) continue;
    const name = groupNames.get(groupId) ?? groupId;
    const runIds = [...new Set(changes.flatMap((c) => c.runIds))];
    const text = changes.map((c) => c.text).join("; ");
    events.push({
      key: `run-retention:${groupId}@${deps.now.toISOString()}`,
      subject: { kind: "protectionGroup", id: groupId, name, groupId, groupName: name, ...(runIds.length === 1 ? { runId: runIds[0]! } : {}) },
      message: `${text.charAt(0).toUpperCase()}${text.slice(1)} of protection group "${name}"`,
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

  const [policies, upgrades, repositoryChecks, storage, runRetention] = await Promise.all([
    probe(deps, "policies", probePolicies),
    probe(deps, "upgrades", probeUpgrades),
    probe(deps, "repositoryChecks", probeRepositoryChecks),
    probe(deps, "storage", probeStorage),
    probe(deps, "runRetention", (c) => probeRunRetention(c, groups.filter((g) => g.isActive).map((g) => g.groupId))),
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
    retentionEvents: policies ? await retentionEvents(deps, policies, runRetention, new Map(groups.map((g) => [g.groupId, g.name]))) : null,
  };
}
