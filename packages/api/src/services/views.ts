// What the portal needs beside the parsed upstream models: a run's or recovery's duration and
// finished flag, a progress fraction and ETA where the upstream reports progress. Pure functions of
// the model (and `now`). A policy's plain-language summary comes from @lifeboat/policy.
import type { ProtectionGroupRun, Recovery } from "@lifeboat/contracts";

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
  /**
   * Share of the run done, when the run lists its objects: each finished object counts 1, a running
   * one its task's `progress.percentDone` / 100 (a Lifeboat engine extension of the run object;
   * 0 from an upstream without it).
   */
  progress: number | null;
  /**
   * Time left while running: the longest `progress.etaSecs` of the running objects (restic's own
   * estimate) when the upstream reports one, else a linear estimate from progress so far.
   */
  etaMs: number | null;
}

/** SnapshotInfo.status has its own finished values (reference §M.4: kSuccessful, kWarning, kFailed). */
const SNAPSHOT_FINISHED = new Set(["Successful", "Warning"]);

/** The engine's per-object progress extension (apps/engine run-view.ts), read defensively. */
function objectProgress(o: object): { percentDone: number | null; etaSecs: number | null } {
  const p = (o as { progress?: unknown }).progress;
  if (typeof p !== "object" || p === null) return { percentDone: null, etaSecs: null };
  const { percentDone, etaSecs } = p as { percentDone?: unknown; etaSecs?: unknown };
  const finite = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null);
  const pct = finite(percentDone);
  return { percentDone: pct === null ? null : Math.min(pct, 100), etaSecs: finite(etaSecs) };
}

export function runView(run: ProtectionGroupRun, now = Date.now()): RunView {
  const info = run.localBackupInfo ?? run.originalBackupInfo;
  const t = timing(info?.status, info?.startTimeUsecs, info?.endTimeUsecs, now);
  const objects = run.objects ?? [];
  let progress: number | null = null;
  let reportedEtaSecs: number | null = null;
  if (t.finished) progress = 1;
  else if (objects.length > 0) {
    let done = 0;
    for (const o of objects) {
      const status = (o.localSnapshotInfo ?? o.originalBackupInfo)?.snapshotInfo?.status;
      if (isFinished(status) || SNAPSHOT_FINISHED.has(plainStatus(status) ?? "")) {
        done += 1;
        continue;
      }
      const p = objectProgress(o);
      done += (p.percentDone ?? 0) / 100;
      if (p.etaSecs !== null) reportedEtaSecs = Math.max(reportedEtaSecs ?? 0, p.etaSecs);
    }
    progress = done / objects.length;
  }
  const running = !t.finished && progress !== null && progress < 1;
  const etaMs =
    running && reportedEtaSecs !== null
      ? reportedEtaSecs * 1000
      : running && progress !== null && progress > 0 && t.durationMs !== null
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
