// The few things the alert job asks the upstream itself (the ops sync does not copy them): running
// runs' progress (stall), upgrade tasks, policies (schedule interval, DataLock), and the Lifeboat
// engine's repository check results. Each probe is bounded and independent: one that fails leaves
// its condition out of this evaluation (its alerts stay as they are), never the whole evaluation.
import { createHash } from "node:crypto";
import type { ProtectionGroupRun, ProtectionPolicy } from "@lifeboat/contracts";
import { usecsToDate } from "@lifeboat/contracts";
import { longestRunGapMs } from "@lifeboat/policy";
import type { UpstreamClient } from "../upstream/upstream-for.ts";
import { isUpstreamError } from "@lifeboat/upstream";
import type { RepositoryCheckState, StorageState, UpgradeState } from "./findings.ts";

/** Deadline of one probe call: an evaluation must not hang on a slow upstream. */
export const PROBE_TIMEOUT_MS = 15_000;
/** Running runs whose progress is read per evaluation (the rest are judged by their synced figures). */
export const MAX_PROGRESS_PROBES = 25;
const call = { timeoutMs: PROBE_TIMEOUT_MS };

/**
 * What changes while a run makes progress: status, byte figures and, per object, the snapshot
 * status and the engine's `progress` extension (reference §M.4; apps/engine run-view.ts).
 */
export function progressFingerprint(run: ProtectionGroupRun): string {
  const info = run.localBackupInfo ?? run.originalBackupInfo;
  const objects = (run.objects ?? []).map((o) => {
    const snap = (o.localSnapshotInfo ?? o.originalBackupInfo)?.snapshotInfo;
    return [snap?.status ?? null, snap?.stats ?? null, (o as { progress?: unknown }).progress ?? null];
  });
  return createHash("sha256")
    .update(JSON.stringify([info?.status ?? null, info?.localSnapshotStats ?? null, objects]))
    .digest("base64url");
}

export async function probeRunProgress(client: UpstreamClient, groupId: string, runId: string): Promise<string | null> {
  const { runs = [] } = await client.getProtectionGroupRuns(
    // §Q 23: a start time, or only the last hour is searched.
    { pathParams: { id: groupId }, query: { runId, startTimeUsecs: 1, includeObjectDetails: true } },
    call,
  );
  const run = runs.find((r) => r.id === runId);
  return run ? progressFingerprint(run) : null;
}

/** Per agent, the state of the newest upgrade task that names it (reference §8, §M.6). */
export async function probeUpgrades(client: UpstreamClient): Promise<UpgradeState[]> {
  const { tasks = [] } = await client.getUpgradeTasks({ query: {} }, call);
  const newest = new Map<string, UpgradeState & { at: number }>();
  for (const task of tasks) {
    const at = task.startTimeUsecs ?? task.scheduleTimeUsecs ?? task.id ?? 0;
    const agents = task.agents?.length ? task.agents : (task.agentIDs ?? []).map((id) => ({ id, info: undefined }));
    for (const agent of agents) {
      if (agent.id === undefined) continue;
      const agentId = String(agent.id);
      const prev = newest.get(agentId);
      if (prev && prev.at > at) continue;
      const status = agent.info?.status ?? task.status ?? "Unknown";
      newest.set(agentId, {
        agentId,
        name: agent.info?.name ?? `agent ${agentId}`,
        status: status === "PartiallyFailed" ? "Failed" : status,
        error: agent.info?.error?.message ?? task.error?.message ?? null,
        taskId: String(task.id ?? ""),
        at,
      });
    }
  }
  return [...newest.values()].map(({ at: _at, ...state }) => state);
}

export interface PolicyFacts {
  /** Interval of the regular incremental schedule in ms, when the schedule has one. */
  intervalMs: number | null;
  /** DataLock settings of the policy (deprecated field, regular and extended retention), hashed. */
  dataLockFingerprint: string;
  name: string;
}

/**
 * The longest wait between two of the policy's scheduled runs (@lifeboat/policy: the engine's own
 * scheduler walked forward, blackout windows included), in UTC; null when it does not run
 * repeatedly or cannot be read (the stale condition then uses its fallback).
 */
export function scheduleIntervalMs(policy: ProtectionPolicy, now = new Date()): number | null {
  try {
    return longestRunGapMs(policy, { anchor: now }, now);
  } catch {
    return null;
  }
}

export function dataLockFingerprint(policy: ProtectionPolicy): string {
  const regular = policy.backupPolicy?.regular;
  const extended = (policy.extendedRetention ?? []).map((e) => e.retention?.dataLockConfig ?? null);
  return JSON.stringify([policy.dataLock ?? null, regular?.retention?.dataLockConfig ?? null, extended]);
}

export async function probePolicies(client: UpstreamClient): Promise<Map<string, PolicyFacts>> {
  const { policies = [] } = await client.getProtectionPolicies({ query: {} }, call);
  return new Map(
    policies
      .filter((p) => p.id)
      .map((p) => [p.id!, { intervalMs: scheduleIntervalMs(p), dataLockFingerprint: dataLockFingerprint(p), name: p.name ?? p.id! }]),
  );
}

/** A Lifeboat engine extension's answer, or null from an upstream that does not have it. */
async function lifeboatOrNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (isUpstreamError(error) && error.code === "NotSupported") return null;
    throw error;
  }
}

/** A check that found damage, or could not run at all: both need someone to look. */
const CHECK_FAILED = new Set(["Failed", "Error"]);

/**
 * The Lifeboat engine's host repositories (issue 11: GET /lifeboat/v1/repositories): each one's
 * last `restic check` and the reconcile's orphaned (in the repository, unknown to the engine) and
 * missing (listed by the engine, gone from storage) snapshots. null when the upstream keeps no
 * such repositories (an IBM service, an engine with one shared repository): conditions inert.
 */
export async function probeRepositoryChecks(client: UpstreamClient): Promise<RepositoryCheckState[] | null> {
  const repositories = await lifeboatOrNull(() => client.lifeboat.hostRepositories(call));
  if (!repositories?.length) return null;
  return repositories.map((r) => ({
    sourceId: String(r.sourceId),
    name: r.hostName ?? `source ${r.sourceId}`,
    status: CHECK_FAILED.has(r.check.status) ? "Failed" : r.check.status,
    checkedAt: r.check.lastRunAt ? new Date(r.check.lastRunAt) : null,
    message: r.check.message ? r.check.message.slice(0, 500) : null,
    orphanedSnapshots: r.reconcile.orphanSnapshots.length,
    missingSnapshots: r.reconcile.missingSnapshots.length,
  }));
}

/**
 * How full the connection's storage is: the Lifeboat engine's storage target answers used and
 * total bytes of a local folder. null when the upstream cannot say (an IBM service, a bucket):
 * the storage.full condition is then not evaluated.
 */
export async function probeStorage(client: UpstreamClient): Promise<StorageState | null> {
  const target = await lifeboatOrNull(() => client.lifeboat.storageTarget(call));
  if (!target?.usage || target.usage.totalBytes <= 0) return null;
  const location = target.path ?? [target.endpoint, target.bucket, target.prefix].filter(Boolean).join("/");
  return { usedBytes: target.usage.usedBytes, totalBytes: target.usage.totalBytes, location: location || target.kind };
}

/** Groups whose legal holds and run DataLocks are read per evaluation, and how many runs of each (the newest). */
export const MAX_RETENTION_GROUPS = 100;
const RETENTION_RUNS = 1000;
const RETENTION_CONCURRENCY = 4;

/** A group's runs as the retention conditions see them. */
export interface RunRetention {
  /** Runs on legal hold, sorted. */
  held: string[];
  /** Runs under a DataLock: run id → "<mode> until <ISO time>". */
  locks: Record<string, string>;
  /** Start (µs) of the newest run listed: a run that started before it was seen before. */
  newestStartUsecs: number;
}

/**
 * Per protection group, the runs on legal hold and under a DataLock, from the newest runs the
 * upstream lists for it (§5 GetProtectionGroupRuns: `onLegalHold`, `localBackupInfo.
 * dataLockConstraints`). Both are set on runs of any age, which the run sync (a moving time
 * window) does not revisit, so this reads them live.
 */
export async function probeRunRetention(client: UpstreamClient, groupIds: readonly string[]): Promise<Map<string, RunRetention>> {
  const out = new Map<string, RunRetention>();
  const todo = groupIds.slice(0, MAX_RETENTION_GROUPS);
  for (let i = 0; i < todo.length; i += RETENTION_CONCURRENCY) {
    await Promise.all(
      todo.slice(i, i + RETENTION_CONCURRENCY).map(async (id) => {
        // §Q 23: a start time, or only the last hour is searched.
        const { runs = [] } = await client.getProtectionGroupRuns({ pathParams: { id }, query: { startTimeUsecs: 1, numRuns: RETENTION_RUNS } }, call);
        const locks: Record<string, string> = {};
        let newestStartUsecs = 0;
        for (const r of runs) {
          const info = r.localBackupInfo ?? r.originalBackupInfo;
          newestStartUsecs = Math.max(newestStartUsecs, info?.startTimeUsecs ?? 0);
          const lock = info?.dataLockConstraints;
          if (r.id && lock?.expiryTimeUsecs) locks[r.id] = `${lock.mode ?? "Compliance"} until ${usecsToDate(lock.expiryTimeUsecs).toISOString()}`;
        }
        out.set(id, { held: runs.filter((r) => r.onLegalHold && r.id).map((r) => r.id!).sort(), locks, newestStartUsecs });
      }),
    );
  }
  return out;
}
