// A run's status follows from its objects' (reference §E RunStatus): while any object is still
// working the run is Accepted/Running/Paused/Canceling; once all ended it is Succeeded,
// SucceededWithWarning, Canceled or Failed, and gets its end time and messages.
import { nowUsecs } from "../../ids.ts";
import type { EngineContext } from "../../context.ts";

const ENDED = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Skipped"];

export function aggregateStatus(current: string, objects: { status: string }[]): string {
  const live = objects.filter((o) => !ENDED.includes(o.status));
  if (live.length > 0) {
    if (current === "Canceling") return "Canceling";
    if (live.every((o) => o.status === "Accepted")) return objects.length === live.length ? "Accepted" : "Running";
    if (live.every((o) => o.status === "Paused" || o.status === "Accepted") && live.some((o) => o.status === "Paused")) return "Paused";
    return "Running";
  }
  if (objects.some((o) => o.status === "Failed")) return "Failed";
  if (objects.some((o) => o.status === "Canceled")) return "Canceled";
  if (objects.some((o) => o.status === "SucceededWithWarning")) return "SucceededWithWarning";
  return "Succeeded";
}

export async function refreshRunStatus(engine: EngineContext, runId: bigint): Promise<string> {
  const run = await engine.db.protectionRun.findUnique({ where: { id: runId }, include: { runObjects: true } });
  if (!run) return "Unknown";
  const status = aggregateStatus(run.status, run.runObjects);
  const ended = ENDED.includes(status);
  const failed = run.runObjects.filter((o) => o.status === "Failed" && o.message);
  const message = ended && failed.length > 0 ? failed.map((o) => o.message).join("; ").slice(0, 2000) : run.message;
  if (status !== run.status || (ended && run.endTimeUsecs === null)) {
    await engine.db.protectionRun.update({
      where: { id: runId },
      data: { status, message, ...(ended && run.endTimeUsecs === null ? { endTimeUsecs: nowUsecs() } : {}) },
    });
  }
  return status;
}

export type RunAction = "pause" | "resume" | "cancel";

/**
 * Why `action` cannot apply to a run in its current state, or null when it can. A wrong-state
 * action is refused (409) rather than answered 200 with nothing done: cancelling a finished run,
 * pausing a paused one or one that has not started on its agent, resuming one that is not paused.
 */
export function wrongStateOf(action: RunAction, runId: string, runStatus: string, liveTaskStatuses: readonly string[]): string | null {
  if (liveTaskStatuses.length === 0) return `run ${runId} has already ended (${runStatus}); there is nothing to ${action}`;
  if (runStatus === "Canceling") return `run ${runId} is being canceled; it cannot be ${action === "cancel" ? "canceled again" : `${action}d`}`;
  const started = liveTaskStatuses.filter((s) => s !== "Pending" && s !== "Waiting");
  if (action === "pause") {
    if (started.length === 0) return `run ${runId} has not started on its agent yet (${runStatus}); only a running backup can be paused (cancel it instead)`;
    if (started.every((s) => s === "Paused")) return `run ${runId} is already paused`;
  }
  if (action === "resume" && !started.some((s) => s === "Paused")) return `run ${runId} is not paused (${runStatus}); there is nothing to resume`;
  return null;
}
