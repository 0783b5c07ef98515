// Keeps one part of the stack running: when it exits without stop() asking, it is started again
// after a growing delay (1 s, 2 s, 4 s … at most 30 s) and the console says so. A crash loop — more
// than `maxRestarts` restarts within `windowMs` — ends in a loud give-up (onGiveUp), not in an
// endless loop. A failed restart (the new process does not come up) counts as a crash too.
import type { Child, ChildExit } from "./children.ts";

export interface RestartPolicy {
  /** Restarts allowed within windowMs; one more crash gives up (default 5). */
  maxRestarts: number;
  /** Window of the crash-loop bound (default 2 minutes). */
  windowMs: number;
  /** First delay before a restart; doubles per restart up to maxDelayMs (defaults 1 s, 30 s). */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 120_000, initialDelayMs: 1000, maxDelayMs: 30_000 };

export interface SuperviseOptions {
  name: string;
  /** Starts one instance and resolves once it is up (throws when it does not come up). */
  start: () => Promise<Child>;
  log: (line: string) => void;
  policy?: Partial<RestartPolicy> | undefined;
  /** Every exit nobody asked for, before the restart (tests, the CLI's bookkeeping). */
  onUnexpectedExit?: ((exit: ChildExit) => void) | undefined;
  /** Why the exit happened, in words, when the default ("exited unexpectedly (code …)") does not fit. */
  describeExit?: ((exit: ChildExit) => string | null) | undefined;
  /** Restarting gave up: the message says why (already logged). */
  onGiveUp?: ((message: string) => void) | undefined;
}

export interface Supervised extends Child {
  /** Restarts so far (successful or not). */
  readonly restarts: number;
  /** Resolves when supervision ended: stop() was called or restarting gave up. */
  readonly ended: Promise<"stopped" | "gave-up">;
  /** No more restarts from now on (a stop of the whole stack begins: Ctrl-C reaches every child). */
  halt(): void;
}

const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

export function exitDescription(exit: ChildExit): string {
  return exit.signal ? `killed by ${exit.signal}` : exit.code === null ? "did not start" : `exit code ${exit.code}`;
}

/** Starts `options.start()` once (its failure is the caller's) and keeps it running. */
export async function supervise(options: SuperviseOptions): Promise<Supervised> {
  const policy: RestartPolicy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const { name, log } = options;
  let current: Child = await options.start();
  let startedAt = Date.now();
  let stopping = false;
  let restarts = 0;
  const recentRestarts: number[] = [];
  let delay = policy.initialDelayMs;
  let wakeSleeper: (() => void) | null = null;
  let finish!: (how: "stopped" | "gave-up") => void;
  const ended = new Promise<"stopped" | "gave-up">((resolve) => (finish = resolve));
  let lastExit: ChildExit | null = null;
  let exitedResolve!: (exit: ChildExit) => void;
  const exited = new Promise<ChildExit>((resolve) => (exitedResolve = resolve));
  let restarting: Promise<void> = Promise.resolve();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeSleeper = null;
        resolve();
      }, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      };
    });

  const giveUp = (message: string) => {
    log(`\n!!! lifeboat: ${message}\n`);
    stopping = true;
    exitedResolve(lastExit ?? { name, code: null, signal: null, expected: false });
    finish("gave-up");
    options.onGiveUp?.(message);
  };

  const crashed = async (exit: ChildExit, why: string): Promise<void> => {
    lastExit = exit;
    // A process that ran for a whole window was healthy: its crash starts the backoff afresh.
    if (Date.now() - startedAt >= policy.windowMs) delay = policy.initialDelayMs;
    const now = Date.now();
    while (recentRestarts.length > 0 && recentRestarts[0]! <= now - policy.windowMs) recentRestarts.shift();
    if (recentRestarts.length >= policy.maxRestarts) {
      giveUp(
        `the ${name} ${why}, after ${recentRestarts.length} restarts within ${seconds(policy.windowMs)}: giving up on it ` +
          `(crash loop; its output is above). Fix the cause and start Lifeboat again.`,
      );
      return;
    }
    log(
      `\n!!! lifeboat: the ${name} ${why}; restarting it in ${seconds(delay)} ` +
        `(restart ${recentRestarts.length + 1} of at most ${policy.maxRestarts} within ${seconds(policy.windowMs)})\n`,
    );
    await sleep(delay);
    if (stopping) return;
    recentRestarts.push(Date.now());
    restarts += 1;
    delay = Math.min(delay * 2, policy.maxDelayMs);
    let next: Child;
    try {
      next = await options.start();
    } catch (error) {
      if (stopping) return;
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      await crashed({ name, code: null, signal: null, expected: false }, `could not be restarted (${message})`);
      return;
    }
    if (stopping) {
      await next.stop();
      return;
    }
    current = next;
    startedAt = Date.now();
    log(`lifeboat: the ${name} is running again${current.pid ? ` (pid ${current.pid})` : ""}`);
    watch(current);
  };

  const watch = (child: Child) => {
    void child.exited.then((exit) => {
      if (stopping || exit.expected || child !== current) return;
      options.onUnexpectedExit?.(exit);
      const why = options.describeExit?.(exit) ?? `exited unexpectedly (${exitDescription(exit)})`;
      restarting = crashed(exit, why);
    });
  };
  watch(current);

  return {
    name,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    exited,
    ended,
    recentOutput: () => current.recentOutput(),
    halt: () => {
      stopping = true;
      wakeSleeper?.();
    },
    stop: async (timeoutMs?: number) => {
      stopping = true;
      wakeSleeper?.();
      await restarting.catch(() => {});
      const exit = await current.stop(timeoutMs);
      exitedResolve(exit);
      finish("stopped");
      return exit;
    },
  };
}
