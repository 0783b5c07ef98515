// Per-user and per-token request limits of the BFF (every signed-in or token call, tRPC and REST).
// rate-limiter-flexible's in-memory limiter by default: the limit then holds per portal process,
// which is what a single `next start` (our deployment) needs without a database write per request.
// Several web processes can pass a shared store (e.g. `AtomicRateLimiterPrisma`) via `store`.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { TRPCError } from "@trpc/server";
import { retryAfterOfError } from "../errors.ts";
import { ThrottledError } from "../auth/sign-in-limiter.ts";

export interface ApiRateLimits {
  /** Requests per window per API token (default 600 per minute). */
  perToken: number;
  /** Requests per window per user, sessions and tokens together (default 1200 per minute). */
  perUser: number;
  /** Window length in seconds (default 60). */
  windowSeconds: number;
}

export const DEFAULT_API_RATE_LIMITS: ApiRateLimits = { perToken: 600, perUser: 1200, windowSeconds: 60 };

/** The cause of a TOO_MANY_REQUESTS error; the web routes turn it into a Retry-After header. */
export class ApiRateLimitedError extends Error {
  constructor(
    readonly scope: "token" | "user",
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests for this ${scope === "token" ? "API token" : "user"}; retry in ${retryAfterSeconds} s`);
    this.name = "ApiRateLimitedError";
  }
}

export interface ApiRateLimiter {
  /** Counts one request; throws TOO_MANY_REQUESTS (cause ApiRateLimitedError) when over a limit. */
  consume(principal: { userId: string; tokenId: string | null }): Promise<void>;
}

export interface ApiRateLimiterOptions extends Partial<ApiRateLimits> {
  /** Builds the store of one limiter (default: RateLimiterMemory). */
  store?: (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;
}

export function createApiRateLimiter(opts: ApiRateLimiterOptions = {}): ApiRateLimiter {
  const limits = { ...DEFAULT_API_RATE_LIMITS, ...opts };
  for (const [name, value] of Object.entries({ perToken: limits.perToken, perUser: limits.perUser, windowSeconds: limits.windowSeconds })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`API rate limit ${name} must be a positive integer (got ${value})`);
  }
  const make = opts.store ?? ((o) => new RateLimiterMemory(o));
  const byToken = make({ keyPrefix: "api-token", points: limits.perToken, duration: limits.windowSeconds });
  const byUser = make({ keyPrefix: "api-user", points: limits.perUser, duration: limits.windowSeconds });

  const take = async (limiter: RateLimiterAbstract, key: string, scope: "token" | "user") => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const cause = new ApiRateLimitedError(scope, retryAfterSeconds);
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
    }
  };
  return {
    async consume({ userId, tokenId }) {
      // The token first: a script hammering with one token is stopped without eating the
      // user's own allowance for the portal UI.
      if (tokenId) await take(byToken, tokenId, "token");
      await take(byUser, userId, "user");
    },
  };
}

/** API_RATE_LIMIT_PER_TOKEN / _PER_USER / _WINDOW_SECONDS, validated; unset ones keep the defaults. */
export function apiRateLimitsFromEnv(env: Record<string, string | undefined> = process.env): ApiRateLimits {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
    return value;
  };
  return {
    perToken: read("API_RATE_LIMIT_PER_TOKEN", DEFAULT_API_RATE_LIMITS.perToken),
    perUser: read("API_RATE_LIMIT_PER_USER", DEFAULT_API_RATE_LIMITS.perUser),
    windowSeconds: read("API_RATE_LIMIT_WINDOW_SECONDS", DEFAULT_API_RATE_LIMITS.windowSeconds),
  };
}

/**
 * The Retry-After (seconds) of the first error among a response's errors that says when to retry:
 * our own rate limit, or the upstream's 429/503 Retry-After passed on.
 */
export function retryAfterOf(errors: readonly unknown[]): number | null {
  for (const error of errors) {
    const cause = (error as { cause?: unknown } | null)?.cause;
    if (cause instanceof ApiRateLimitedError || cause instanceof ThrottledError) return cause.retryAfterSeconds;
    const upstream = retryAfterOfError(error);
    if (upstream !== null) return upstream;
  }
  return null;
}

/**
 * tRPC `responseMeta` for the web routes: a rate-limited call answers 429 with Retry-After (tRPC
 * picks 429 for TOO_MANY_REQUESTS itself; the header is ours).
 */
export function rateLimitResponseMeta({ errors }: { errors: readonly unknown[] }): { headers?: Record<string, string> } {
  const retryAfter = retryAfterOf(errors);
  // A plain object, not Headers: the REST adapter (trpc-to-openapi) iterates it with Object.entries.
  return retryAfter === null ? {} : { headers: { "Retry-After": String(retryAfter) } };
}
