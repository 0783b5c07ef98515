import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelaySeconds, createThrottle, DEFAULT_THROTTLE_POLICY, memoryLimiters, retryMessage, type Throttle } from "./index.ts";

let throttle: Throttle;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-07T12:00:00Z") });
  throttle = createThrottle(memoryLimiters, "test", DEFAULT_THROTTLE_POLICY);
});
afterEach(() => vi.useRealTimers());

/** Attempts one after the other, as fast as a script can, waiting only when told to. */
async function guess(times: number, subject: string, client: string) {
  const answers = [];
  for (let i = 0; i < times; i++) answers.push(await throttle.attempt(subject, client));
  return answers;
}

describe("throttle", () => {
  it("lets 5 attempts through, then makes each further one wait twice as long as the last", async () => {
    expect((await guess(6, "alice", "10.0.0.1")).every((a) => a.allowed)).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const refused = await throttle.attempt("alice", "10.0.0.1");
      expect(refused.allowed).toBe(false);
      if (refused.allowed) return;
      expect(refused.scope).toBe("client");
      waits.push(refused.retryAfterSeconds);
      // Guessing again at once changes nothing; after the wait, one more attempt goes through.
      expect(await throttle.attempt("alice", "10.0.0.1")).toMatchObject({ allowed: false });
      await vi.advanceTimersByTimeAsync(refused.retryAfterSeconds * 1000);
      expect(await throttle.attempt("alice", "10.0.0.1")).toEqual({ allowed: true });
    }
    expect(waits).toEqual([2, 4, 8, 16, 32]);
  });

  it("lets the real user in from another client while one client is being slowed down", async () => {
    await guess(12, "alice", "10.0.0.1");
    expect(await throttle.attempt("alice", "10.0.0.1")).toMatchObject({ allowed: false });
    expect(await throttle.attempt("alice", "192.0.2.50")).toEqual({ allowed: true });
  });

  it("starts over after a success from that client", async () => {
    await guess(7, "alice", "10.0.0.1");
    await vi.advanceTimersByTimeAsync(4_000);
    await throttle.succeeded("alice", "10.0.0.1");
    expect((await guess(5, "alice", "10.0.0.1")).every((a) => a.allowed)).toBe(true);
  });

  it("caps one subject at 20 attempts a minute from all clients together, then delays rather than locks", async () => {
    for (let i = 0; i < 20; i++) expect(await throttle.attempt("alice", `10.1.0.${i}`)).toEqual({ allowed: true });
    const refused = await throttle.attempt("alice", "192.0.2.50");
    expect(refused).toMatchObject({ allowed: false, scope: "subject" });
    if (refused.allowed) return;
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    await vi.advanceTimersByTimeAsync(refused.retryAfterSeconds * 1000);
    expect(await throttle.attempt("alice", "192.0.2.50")).toEqual({ allowed: true });
  });

  it("slows one client trying many subjects after its 30 free attempts", async () => {
    for (let i = 0; i < 31; i++) expect(await throttle.attempt(`user${i}`, "10.0.0.9")).toEqual({ allowed: true });
    expect(await throttle.attempt("someone-else", "10.0.0.9")).toMatchObject({ allowed: false, scope: "client", retryAfterSeconds: 2 });
  });

  it("lets only one of a parallel burst past the free attempts", async () => {
    await guess(5, "alice", "10.0.0.1");
    const burst = await Promise.all(Array.from({ length: 20 }, () => throttle.attempt("alice", "10.0.0.1")));
    expect(burst.filter((a) => a.allowed)).toHaveLength(1);
  });

  it("doubles up to the maximum and words the wait for people", () => {
    expect([1, 2, 3, 10, 11, 50].map((m) => backoffDelaySeconds(DEFAULT_THROTTLE_POLICY.perSubjectAndClient, m))).toEqual([2, 4, 8, 900, 900, 900]);
    expect(retryMessage("sign-in attempts", 1)).toBe("Too many sign-in attempts; try again in 1 second");
    expect(retryMessage("sign-in attempts", 32)).toBe("Too many sign-in attempts; try again in 32 seconds");
    expect(retryMessage("sign-in attempts", 900)).toBe("Too many sign-in attempts; try again in 15 minutes");
  });
});
