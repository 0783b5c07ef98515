// @lifeboat/throttle — slows password and key guessing down without locking the real owner out
// (issue 13). One rule for the portal's sign-in and password change and the engine's
// /identity/token, over rate-limiter-flexible limiters each side builds on its own store (the
// portal: PostgreSQL through Prisma; the engine: memory).
//
// Three counters per attempt at a secret `subject` (an account, an API-key prefix) from a `client`
// (an address):
// - (subject, client): a few free attempts, then each further one must wait twice as long as the
//   last (2 s, 4 s, 8 s … up to maxDelaySeconds). A client that keeps guessing keeps waiting longer.
//   A success clears it.
// - client: the same backoff over all subjects, with a bigger allowance (a shared NAT, one
//   attacker trying many accounts). A success gives its attempt back.
// - subject: a ceiling of attempts per short window from all clients together. It delays (at most
//   one window) rather than locks, so the real user from another client waits a minute at worst;
//   attempts another counter already refused do not use it up.
// Attempts are counted before the secret is checked, so a parallel burst cannot slip through: past
// the free ones, only one attempt per key at a time takes the gate.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface BackoffPolicy {
  /** Attempts without any wait. */
  freeAttempts: number;
  /** Wait after the first attempt beyond the free ones; doubles with each further one. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** The count of attempts starts again this long after it started (or at a success). */
  forgetAfterSeconds: number;
}

export interface CeilingPolicy {
  attempts: number;
  perSeconds: number;
}

export interface ThrottlePolicy {
  perSubjectAndClient: BackoffPolicy;
  perClient: BackoffPolicy;
  perSubject: CeilingPolicy;
}

/** Builds one limiter on the caller's store (RateLimiterMemory, a Prisma-backed one…). */
export type LimiterFactory = (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/** Limiters in this process's memory (a single process per store, like the engine). */
export const memoryLimiters: LimiterFactory = (opts) => new RateLimiterMemory(opts);

export type ThrottleScope = "client" | "subject";
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: ThrottleScope };

export interface Throttle {
  /** Counts an attempt; refused attempts are not counted and say how long to wait. */
  attempt(subject: string, client: string | null): Promise<ThrottleDecision>;
  /** The secret was right: the (subject, client) backoff starts over, the other counters give the attempt back. */
  succeeded(subject: string, client: string | null): Promise<void>;
}

/** Wait after the m-th attempt beyond the free ones (m ≥ 1). */
export function backoffDelaySeconds(policy: BackoffPolicy, m: number): number {
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** Math.min(m - 1, 30));
}

class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #attempts: RateLimiterAbstract;
  /** Blocked (consumed > 1) while the wait after the last attempt runs; 1 while an attempt holds it. */
  readonly #gate: RateLimiterAbstract;

  constructor(make: LimiterFactory, keyPrefix: string, policy: BackoffPolicy) {
    this.#policy = policy;
    this.#attempts = make({ keyPrefix: `${keyPrefix}:n`, points: Number.MAX_SAFE_INTEGER, duration: policy.forgetAfterSeconds });
    this.#gate = make({ keyPrefix: `${keyPrefix}:wait`, points: 1, duration: 1 });
  }

  async waitMs(key: string): Promise<number> {
    const gate = await this.#gate.get(key);
    return gate && gate.consumedPoints > 1 ? gate.msBeforeNext : 0;
  }

  /** 0 when the attempt may go ahead, else the wait in ms. */
  async count(key: string): Promise<number> {
    const n = (await this.#attempts.consume(key)).consumedPoints;
    if (n <= this.#policy.freeAttempts) return 0;
    const waitMs = await rejection(this.#gate.consume(key));
    if (waitMs > 0) {
      await this.#attempts.reward(key);
      return waitMs;
    }
    await this.#gate.block(key, backoffDelaySeconds(this.#policy, n - this.#policy.freeAttempts));
    return 0;
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.#attempts.delete(key), this.#gate.delete(key)]);
  }

  async giveBack(key: string): Promise<void> {
    await this.#attempts.reward(key);
  }
}

class Ceiling {
  readonly #limiter: RateLimiterAbstract;
  readonly #points: number;

  constructor(make: LimiterFactory, keyPrefix: string, policy: CeilingPolicy) {
    this.#points = policy.attempts;
    this.#limiter = make({ keyPrefix: `${keyPrefix}:ceiling`, points: policy.attempts, duration: policy.perSeconds });
  }

  async waitMs(key: string): Promise<number> {
    const res = await this.#limiter.get(key);
    return res && res.consumedPoints >= this.#points ? res.msBeforeNext : 0;
  }

  count(key: string): Promise<number> {
    return rejection(this.#limiter.consume(key));
  }

  async giveBack(key: string): Promise<void> {
    await this.#limiter.reward(key);
  }
}

/** The library rejects with a RateLimiterRes when over the limit, with an Error when the store fails. */
async function rejection(consumed: Promise<RateLimiterRes>): Promise<number> {
  try {
    await consumed;
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
    throw error;
  }
}

function refusal(waits: number[], scopes: ThrottleScope[]): ThrottleDecision {
  const longest = Math.max(...waits);
  if (longest <= 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(longest / 1000)), scope: scopes[waits.indexOf(longest)] ?? "client" };
}

export function createThrottle(make: LimiterFactory, keyPrefix: string, policy: ThrottlePolicy): Throttle {
  const pair = new Backoff(make, `${keyPrefix}:pair`, policy.perSubjectAndClient);
  const byClient = new Backoff(make, `${keyPrefix}:client`, policy.perClient);
  const bySubject = new Ceiling(make, `${keyPrefix}:subject`, policy.perSubject);
  // An unknown address (only a portal run without its own server) shares one pair per subject.
  const pairKey = (subject: string, client: string | null) => `${subject}|${client ?? "unknown"}`;
  const scopes: ThrottleScope[] = ["client", "client", "subject"];

  return {
    async attempt(subject, client) {
      const key = pairKey(subject, client);
      // Look first, so that refused attempts count nowhere (and cannot use up the subject's ceiling)…
      const waiting = await Promise.all([pair.waitMs(key), client ? byClient.waitMs(client) : 0, bySubject.waitMs(subject)]);
      const early = refusal(waiting, scopes);
      if (!early.allowed) return early;
      // …then count, atomically per key, so parallel attempts cannot all pass the look together.
      const counted = await Promise.all([pair.count(key), client ? byClient.count(client) : 0, bySubject.count(subject)]);
      return refusal(counted, scopes);
    },
    async succeeded(subject, client) {
      await Promise.all([pair.reset(pairKey(subject, client)), client ? byClient.giveBack(client) : null, bySubject.giveBack(subject)]);
    },
  };
}

/** Sign-in style defaults: 5 free per client, then 2 s doubling to 15 min; 20 per account a minute. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  perSubjectAndClient: { freeAttempts: 5, firstDelaySeconds: 2, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 60 * 60 },
  perClient: { freeAttempts: 30, firstDelaySeconds: 2, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  perSubject: { attempts: 20, perSeconds: 60 },
};

/** "Too many attempts; try again in 8 seconds" — the same for existing and unknown subjects. */
export function retryMessage(what: string, retryAfterSeconds: number): string {
  const amount =
    retryAfterSeconds < 90
      ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`
      : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return `Too many ${what}; try again in ${amount}`;
}
