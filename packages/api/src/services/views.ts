// What the portal needs beside the parsed upstream models: a run's or recovery's duration and
// finished flag, a progress fraction and ETA where the upstream reports progress, and a policy's
// plain-language summary ("every 4 hours, keep 14 days"). Pure functions of the model (and `now`).
import type { ProtectionGroupRun, ProtectionPolicy, Recovery } from "@lifeboat/contracts";

const FINISHED = new Set(["Canceled", "Failed", "Missed", "Skipped", "Succeeded", "SucceededWithWarning"]);

/** Wire statuses come as `Running` or `kRunning` (reference §E.3). */
export const plainStatus = (status: string | undefined): string | null => (status ? status.replace(/^k(?=[A-Z])/, "") : null);

export function isFinished(status: string | undefined): boolean {
  const plain = plainStatus(status);
  return plain !== null && FINISHED.has(plain);
}

const usToMs = (us: number | undefined): number | null => (typeof us === "number" && us > 0 ? Math.floor(us / 1000) : null);

interface Timing {
  status: string | null;
  finished: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
  /** Wall time so far (until now while it runs). */
  durationMs: number | null;
}

function timing(status: string | undefined, startUsecs: number | undefined, endUsecs: number | undefined, now: number): Timing {
  const start = usToMs(startUsecs);
  const end = usToMs(endUsecs);
  const finished = isFinished(status);
  return {
    status: plainStatus(status),
    finished,
    startedAt: start === null ? null : new Date(start),
    endedAt: end === null ? null : new Date(end),
    durationMs: start === null ? null : Math.max(0, (end ?? (finished ? start : now)) - start),
  };
}

export interface RunView extends Timing {
  /** Objects finished / objects in the run, when the run lists its objects. */
  progress: number | null;
  /** Linear estimate from progress so far; only while running with 0 < progress < 1. */
  etaMs: number | null;
}

export function runView(run: ProtectionGroupRun, now = Date.now()): RunView {
  const info = run.localBackupInfo ?? run.originalBackupInfo;
  const t = timing(info?.status, info?.startTimeUsecs, info?.endTimeUsecs, now);
  const objects = run.objects ?? [];
  let progress: number | null = null;
  if (t.finished) progress = 1;
  else if (objects.length > 0) {
    const done = objects.filter((o) => isFinished((o.localSnapshotInfo ?? o.originalBackupInfo)?.snapshotInfo?.status)).length;
    progress = done / objects.length;
  }
  const etaMs =
    !t.finished && progress !== null && progress > 0 && progress < 1 && t.durationMs !== null
      ? Math.round((t.durationMs * (1 - progress)) / progress)
      : null;
  return { ...t, progress, etaMs };
}

export function withRunView<R extends ProtectionGroupRun>(run: R, now = Date.now()): R & { view: RunView } {
  return { ...run, view: runView(run, now) };
}

export function withRecoveryView<R extends Recovery>(recovery: R, now = Date.now()): R & { view: Timing } {
  return { ...recovery, view: timing(recovery.status, recovery.startTimeUsecs, recovery.endTimeUsecs, now) };
}

const plural = (n: number, unit: string) => `${n} ${unit.toLowerCase().replace(/s$/, "")}${n === 1 ? "" : "s"}`;

type Schedule = { unit?: string; [leaf: string]: unknown };

function describeSchedule(schedule: Schedule | undefined): string | null {
  if (!schedule?.unit) return null;
  const unit = schedule.unit;
  const leaf = schedule[`${unit.toLowerCase().replace(/s$/, "")}Schedule`] as { frequency?: number; dayOfWeek?: string[] } | undefined;
  if (unit === "Weeks" && leaf?.dayOfWeek?.length) return `weekly on ${leaf.dayOfWeek.join(", ")}`;
  const every = leaf?.frequency ?? 1;
  return every === 1 ? `every ${unit.toLowerCase().replace(/s$/, "")}` : `every ${plural(every, unit)}`;
}

/** "every 4 hours, keep 14 days" — from the regular incremental schedule and retention (§M.2). */
export function policySummary(policy: ProtectionPolicy): string {
  const regular = policy.backupPolicy?.regular;
  const schedule = describeSchedule(regular?.incremental?.schedule as Schedule | undefined) ?? "no incremental schedule";
  const retention = regular?.retention;
  const keep = retention?.duration && retention.unit ? `keep ${plural(retention.duration, retention.unit)}` : "no retention set";
  return `${schedule}, ${keep}`;
}
