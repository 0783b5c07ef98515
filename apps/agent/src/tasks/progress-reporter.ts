// Posts a task's progress at most once per `intervalMs`, always the latest figures, starting with
// an immediate Running 0 %. A state change (pause/resume) goes out at once. Failures are logged once, never fatal:
// progress is advisory, the result is what counts.
import type { TaskProgress } from "@lifeboat/agent-protocol";

export interface ProgressReporter {
  update(p: Partial<TaskProgress>): void;
  /** Sends the latest figures now if they changed since the last post (e.g. before the result). */
  flush(): Promise<void>;
  stop(): void;
}

export function createProgressReporter(
  post: (p: TaskProgress) => Promise<void>,
  opts: { intervalMs?: number; onPostError?: (error: unknown) => void } = {},
): ProgressReporter {
  const intervalMs = opts.intervalMs ?? 1000;
  let latest: TaskProgress = { state: "Running", percentDone: 0, bytesDone: 0, filesDone: 0 };
  let dirty = false;
  let lastPostAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const send = async () => {
    timer = undefined;
    if (!dirty || stopped) return;
    if (inFlight) {
      void inFlight.then(schedule); // one post at a time; the latest figures follow it
      return;
    }
    // Node's timers count from the event loop's cached clock, which lags the wall clock on a busy
    // machine: a timer may fire before the interval really passed. Never post early.
    if (lastPostAt + intervalMs > Date.now()) return schedule();
    dirty = false;
    lastPostAt = Date.now();
    inFlight = post(latest).catch((error: unknown) => opts.onPostError?.(error));
    await inFlight;
    inFlight = undefined;
  };

  function schedule() {
    if (timer || stopped) return;
    const wait = Math.max(0, lastPostAt + intervalMs - Date.now());
    timer = setTimeout(() => void send(), wait);
  }

  // The first post (Running, 0 %) goes out at once: it tells the engine the task really started.
  dirty = true;
  schedule();

  return {
    update(p) {
      const next = { ...latest, ...p };
      next.percentDone = Math.min(100, Math.max(0, next.percentDone));
      if (JSON.stringify(next) === JSON.stringify(latest)) return;
      const stateChanged = next.state !== latest.state;
      latest = next;
      dirty = true;
      // A pause/resume goes out at once, with the figures restic had reached: the engine shows
      // the state the user asked for without a stale byte count (state changes are rare).
      if (stateChanged && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (stateChanged) lastPostAt = 0;
      schedule();
    },
    /**
     * Sends pending figures (e.g. the final 100 %) at once, before the result: one post more than
     * the interval allows, once per task, instead of holding every task's result up to an interval.
     */
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
      if (!dirty) return;
      lastPostAt = 0;
      await send();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
