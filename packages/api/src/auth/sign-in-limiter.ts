// Sign-in attempt limits, per account and per client IP. Attempts are counted *before* the
// password is checked, so N parallel guesses cost N points (checking first and counting failures
// afterwards would let a parallel burst through). A success resets the account's counter and
// gives the IP its point back.
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db.ts";
import { AtomicRateLimiterPrisma } from "./atomic-prisma-limiter.ts";

export interface LimitWindow {
  /** Attempts allowed per window. */
  points: number;
  durationSeconds: number;
}

export interface SignInLimiterOptions {
  perAccount?: LimitWindow;
  perIp?: LimitWindow;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInLimiter {
  consume(email: string, clientIp: string | null): Promise<LimitDecision>;
  succeeded(email: string, clientIp: string | null): Promise<void>;
}

export const DEFAULT_SIGN_IN_LIMITS: Required<SignInLimiterOptions> = {
  perAccount: { points: 5, durationSeconds: 15 * 60 },
  perIp: { points: 30, durationSeconds: 15 * 60 },
};

// An unknown client address (no trusted proxy, see LIFEBOAT_TRUST_PROXY) is not one shared key:
// 30 failures from anyone would lock every user out. Without an address only the account counts.

export function createSignInLimiter(db: Db, opts: SignInLimiterOptions = {}): SignInLimiter {
  const account = opts.perAccount ?? DEFAULT_SIGN_IN_LIMITS.perAccount;
  const ip = opts.perIp ?? DEFAULT_SIGN_IN_LIMITS.perIp;
  const byAccount = new AtomicRateLimiterPrisma({
    db,
    keyPrefix: "signin:account",
    points: account.points,
    duration: account.durationSeconds,
  });
  const byIp = new AtomicRateLimiterPrisma({ db, keyPrefix: "signin:ip", points: ip.points, duration: ip.durationSeconds });

  return {
    async consume(email, clientIp) {
      const results = await Promise.allSettled([byAccount.consume(email), ...(clientIp === null ? [] : [byIp.consume(clientIp)])]);
      let waitMs = 0;
      for (const r of results) {
        if (r.status === "fulfilled") continue;
        // The library rejects with a RateLimiterRes when over the limit, with an Error on failure.
        if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
        waitMs = Math.max(waitMs, r.reason.msBeforeNext);
      }
      return waitMs > 0 || results.some((r) => r.status === "rejected")
        ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }
        : { allowed: true };
    },
    async succeeded(email, clientIp) {
      await Promise.all([byAccount.delete(email), ...(clientIp === null ? [] : [byIp.reward(clientIp)])]);
    },
  };
}
