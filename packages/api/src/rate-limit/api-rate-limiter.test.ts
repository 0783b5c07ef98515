import { describe, expect, it } from "vitest";
import { ApiRateLimitedError, apiRateLimitsFromEnv, createApiRateLimiter, rateLimitResponseMeta } from "./api-rate-limiter.ts";

describe("api rate limits", () => {
  it("reads limits from the environment and names a bad value", () => {
    expect(apiRateLimitsFromEnv({})).toEqual({ perToken: 600, perUser: 1200, windowSeconds: 60 });
    expect(apiRateLimitsFromEnv({ API_RATE_LIMIT_PER_TOKEN: "5" }).perToken).toBe(5);
    expect(() => apiRateLimitsFromEnv({ API_RATE_LIMIT_PER_USER: "lots" })).toThrow('API_RATE_LIMIT_PER_USER must be a positive integer (got "lots")');
    expect(() => createApiRateLimiter({ windowSeconds: 0 })).toThrow("windowSeconds");
  });

  it("limits the user across tokens and sessions, and reports Retry-After", async () => {
    const limiter = createApiRateLimiter({ perToken: 10, perUser: 2, windowSeconds: 10 });
    await limiter.consume({ userId: "u", tokenId: "t1" });
    await limiter.consume({ userId: "u", tokenId: null });
    const error = await limiter.consume({ userId: "u", tokenId: "t2" }).then(() => null, (e: unknown) => e as { code: string; cause: unknown });
    expect(error?.code).toBe("TOO_MANY_REQUESTS");
    expect(error?.cause).toBeInstanceOf(ApiRateLimitedError);
    expect(rateLimitResponseMeta({ errors: [error] }).headers?.["Retry-After"]).toMatch(/^(9|10)$/);
    expect(rateLimitResponseMeta({ errors: [new Error("other")] })).toEqual({});
  });
});
