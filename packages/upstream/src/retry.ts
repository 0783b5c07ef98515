// Retry policy: exponential backoff with full jitter (delay drawn uniformly from
// [0, min(maxDelayMs, baseDelayMs * 2^attempt)]), only for operations the table marks idempotent
// and only for failures that say "try again": no response, 429, 502, 503, 504.
import type { UpstreamError } from "./errors.ts";

export interface RetryOptions {
  /** Attempts in total, the first included (default 3; 1 disables retries). */
  maxAttempts?: number;
  /** Backoff base (default 250 ms). */
  baseDelayMs?: number;
  /** Backoff cap (default 5 s). */
  maxDelayMs?: number;
  /** Longest Retry-After we are willing to wait inside one call (default 30 s). */
  maxRetryAfterMs?: number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(retry: RetryOptions | false | undefined): ResolvedRetry {
  const resolved = {
    maxAttempts: retry === false ? 1 : (retry?.maxAttempts ?? 3),
    baseDelayMs: (retry || undefined)?.baseDelayMs ?? 250,
    maxDelayMs: (retry || undefined)?.maxDelayMs ?? 5_000,
    maxRetryAfterMs: (retry || undefined)?.maxRetryAfterMs ?? 30_000,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${name} must be a non-negative number`);
  }
  if (resolved.maxAttempts < 1) throw new TypeError("retry.maxAttempts must be at least 1");
  return resolved;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function isRetryable(error: UpstreamError): boolean {
  if (error.code === "NetworkError") return true;
  // Our own deadline passed: the remaining budget is gone, so retrying cannot help.
  // A body that breaks its contract will break it again; Aborted means the caller gave up.
  if (["Timeout", "AuthenticationFailed", "InvalidResponse", "Aborted"].includes(error.code)) return false;
  return RETRYABLE_STATUS.has(error.status);
}

/** `attempt` counts from 0 for the first retry. */
export function backoffDelay(attempt: number, retry: ResolvedRetry, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
