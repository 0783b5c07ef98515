import { setTimeout as delay } from "node:timers/promises";

/** Exponential backoff with ±20% jitter, so a fleet of agents does not retry in lockstep. */
export function createBackoff(minMs: number, maxMs: number) {
  let next = minMs;
  return {
    next(): number {
      const base = next;
      next = Math.min(maxMs, next * 2);
      return Math.round(base * (0.8 + Math.random() * 0.4));
    },
    reset() {
      next = minMs;
    },
  };
}

/** Sleeps `ms`; resolves early (false) when `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
