// Guessing limits of the portal's password checks — sign-in and me.changePassword — through
// @lifeboat/throttle (backoff per (account, client address) and per client address, a per-account
// ceiling that delays rather than locks) over the portal database (AtomicRateLimiterPrisma), so
// the counts hold across restarts and several web processes. There is no lockout: the real user
// from another client gets in at once, or within a minute when the account's ceiling is reached.
import { createThrottle, DEFAULT_THROTTLE_POLICY, retryMessage, type ThrottleDecision, type ThrottlePolicy } from "@lifeboat/throttle";
import type { Db } from "../db.ts";
import { AtomicRateLimiterPrisma } from "./atomic-prisma-limiter.ts";

export type LimitDecision = ThrottleDecision;

/** A password check refused by its limiter; `retryAfterSeconds` becomes Retry-After. */
export class ThrottledError extends Error {
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super(retryMessage(what, retryAfterSeconds));
    this.name = "ThrottledError";
  }
}

const byDb = new WeakMap<Db, SignInLimiter>();

/** The limiter of me.changePassword's current-password check, one per database client. */
export function passwordChangeLimiter(db: Db): SignInLimiter {
  let limiter = byDb.get(db);
  if (!limiter) byDb.set(db, (limiter = createSignInLimiter(db, {}, "password-change")));
  return limiter;
}

export interface SignInLimiter {
  /** Counts an attempt at `subject` (email, or user id) from `clientIp` before the secret is checked. */
  consume(subject: string, clientIp: string | null): Promise<LimitDecision>;
  succeeded(subject: string, clientIp: string | null): Promise<void>;
}

export type SignInLimiterOptions = Partial<ThrottlePolicy>;

export const DEFAULT_SIGN_IN_LIMITS: ThrottlePolicy = DEFAULT_THROTTLE_POLICY;

/** `keyPrefix` separates the counters of different checks (sign-in, password change). */
export function createSignInLimiter(db: Db, opts: SignInLimiterOptions = {}, keyPrefix = "signin"): SignInLimiter {
  const throttle = createThrottle(
    ({ keyPrefix: prefix, points, duration }) => new AtomicRateLimiterPrisma({ db, keyPrefix: prefix, points, duration }),
    keyPrefix,
    { ...DEFAULT_SIGN_IN_LIMITS, ...opts },
  );
  return { consume: (subject, clientIp) => throttle.attempt(subject, clientIp), succeeded: (subject, clientIp) => throttle.succeeded(subject, clientIp) };
}
