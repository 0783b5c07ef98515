// One poll loop per key, shared by every subscriber of that key: N browsers watching the same
// protection group cost one upstream poll every interval, not N. A loop starts with its first
// subscriber and stops when its last one leaves. Subscribers get the latest snapshot at once,
// then every change (snapshots are compared by `fingerprint`, so an unchanged poll is not sent).
export interface PollHubOptions<T> {
  intervalMs: number;
  /** Equal fingerprints mean "nothing changed"; default JSON.stringify. */
  fingerprint?: (value: T) => string;
  onError?: (key: string, error: unknown) => void;
}

export type PollEvent<T> = { type: "data"; value: T } | { type: "error"; error: unknown };

interface Loop<T> {
  subscribers: Set<(event: PollEvent<T>) => void>;
  last: PollEvent<T> | null;
  lastFingerprint: string | null;
  stopped: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface PollHub<T> {
  /** Yields snapshots until `signal` aborts (or the consumer stops iterating). */
  subscribe(key: string, poll: () => Promise<T>, signal?: AbortSignal): AsyncGenerator<PollEvent<T>, void, undefined>;
  /** Keys with a running loop (tests, metrics). */
  activeKeys(): string[];
}

export function createPollHub<T>(options: PollHubOptions<T>): PollHub<T> {
  const loops = new Map<string, Loop<T>>();
  const fingerprint = options.fingerprint ?? ((value: T) => JSON.stringify(value));

  function start(key: string, poll: () => Promise<T>): Loop<T> {
    const loop: Loop<T> = { subscribers: new Set(), last: null, lastFingerprint: null, stopped: false, timer: null };
    const tick = async () => {
      let event: PollEvent<T> | null;
      try {
        const value = await poll();
        const fp = fingerprint(value);
        event = fp === loop.lastFingerprint && loop.last?.type === "data" ? null : { type: "data", value };
        loop.lastFingerprint = fp;
      } catch (error) {
        options.onError?.(key, error);
        event = { type: "error", error };
        loop.lastFingerprint = null;
      }
      if (loop.stopped) return;
      if (event) {
        loop.last = event;
        for (const push of loop.subscribers) push(event);
      }
      loop.timer = setTimeout(() => void tick(), options.intervalMs);
    };
    loops.set(key, loop);
    void tick();
    return loop;
  }

  function leave(key: string, loop: Loop<T>, push: (event: PollEvent<T>) => void) {
    loop.subscribers.delete(push);
    if (loop.subscribers.size > 0) return;
    loop.stopped = true;
    if (loop.timer) clearTimeout(loop.timer);
    if (loops.get(key) === loop) loops.delete(key);
  }

  return {
    activeKeys: () => [...loops.keys()],
    async *subscribe(key, poll, signal) {
      const loop = loops.get(key) ?? start(key, poll);
      const queue: PollEvent<T>[] = [];
      let wake: (() => void) | null = null;
      const push = (event: PollEvent<T>) => {
        // A slow consumer only needs the newest snapshot: keep at most one pending.
        queue.length = 0;
        queue.push(event);
        wake?.();
      };
      loop.subscribers.add(push);
      if (loop.last) queue.push(loop.last);
      const onAbort = () => wake?.();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        while (!signal?.aborted) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (signal?.aborted || queue.length > 0) resolve();
          });
          wake = null;
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        leave(key, loop, push);
      }
    },
  };
}
