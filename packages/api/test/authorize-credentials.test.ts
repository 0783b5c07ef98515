// Password sign-in: argon2id verification, backoff per (account, address) and per address and a
// per-account ceiling (no lockout), audited failures and no way to tell existing from unknown accounts.
import { hashPassword, verifyPassword } from "@lifeboat/db";
import type * as LifeboatDb from "@lifeboat/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authorizeCredentials, createSignInLimiter, SignInRateLimitedError } from "../src/index.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

// The real argon2 verification, watched: every sign-in path must do exactly one (no timing measured).
vi.mock("@lifeboat/db", async (importOriginal) => {
  const actual = await importOriginal<typeof LifeboatDb>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const PASSWORD = "correct horse battery staple";
let t: TestDb;
let userId: string;

beforeAll(async () => {
  t = await openTestDb("signin");
  const passwordHash = await hashPassword(PASSWORD);
  userId = (await t.db.user.create({ data: { email: "alice@example.test", passwordHash }, select: { id: true } })).id;
  await t.db.user.create({ data: { email: "disabled@example.test", passwordHash, disabled: true } });
  await t.db.user.create({ data: { email: "sso-only@example.test" } });
});
afterAll(() => t?.close());

// Generous limits unless a test is about limits, so tests do not trip over each other.
const backoff = (freeAttempts: number) => ({ freeAttempts, firstDelaySeconds: 30, maxDelaySeconds: 600, forgetAfterSeconds: 600 });
const relaxed = () =>
  createSignInLimiter(t.db, { perSubjectAndClient: backoff(50), perClient: backoff(500), perSubject: { attempts: 500, perSeconds: 60 } });

async function signInEvents(actor: string) {
  return t.db.auditEvent.findMany({ where: { procedure: "auth.signIn", actor }, orderBy: { id: "asc" } });
}

describe("authorizeCredentials", () => {
  it("signs in with the right password (email case and spaces do not matter) and audits it", async () => {
    const user = await authorizeCredentials(
      { email: "  Alice@Example.TEST", password: PASSWORD, clientIp: "198.51.100.1" },
      { db: t.db, limiter: relaxed() },
    );
    expect(user).toEqual({ id: userId, email: "alice@example.test", name: null, isOps: false });
    const events = await signInEvents("alice@example.test");
    expect(events.at(-1)).toMatchObject({ outcome: "ok", userId, clientIp: "198.51.100.1", errorCode: null });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: userId } })).lastLoginAt).not.toBeNull();
  });

  it("answers null alike for a wrong password, an unknown email, a disabled and an SSO-only user", async () => {
    const deps = { db: t.db, limiter: relaxed() };
    const cases = [
      ["alice@example.test", "wrong password!!", "wrong_password"],
      ["nobody@example.test", PASSWORD, "unknown_user"],
      ["disabled@example.test", PASSWORD, "disabled"],
      ["sso-only@example.test", PASSWORD, "no_password"],
    ] as const;
    for (const [email, password, reason] of cases) {
      vi.mocked(verifyPassword).mockClear();
      expect(await authorizeCredentials({ email, password, clientIp: "198.51.100.2" }, deps)).toBeNull();
      // All four paths cost one argon2 verification (against a dummy hash when there is none), so
      // neither answer nor timing tells which accounts exist.
      expect(vi.mocked(verifyPassword), reason).toHaveBeenCalledTimes(1);
      expect(String(vi.mocked(verifyPassword).mock.calls[0]![0])).toMatch(/^\$argon2id\$/);
      const last = (await signInEvents(email)).at(-1);
      expect(last).toMatchObject({ outcome: "error", errorCode: reason });
    }
  });

  it("slows a guessing client down after 3 attempts, even in parallel, while the real user gets in from another client", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perSubjectAndClient: backoff(3), perClient: backoff(1000), perSubject: { attempts: 100, perSeconds: 60 } });
    const deps = { db: t.db, limiter };
    const attempt = (email: string, password: string, ip: string) =>
      authorizeCredentials({ email, password, clientIp: ip }, deps).then(
        (user) => (user ? "user" : "null"),
        (error: unknown) => (error instanceof SignInRateLimitedError ? error.message : `unexpected ${String(error)}`),
      );
    // Eight parallel guesses from one address: the 3 free ones and one more pass, the rest must wait.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt("alice@example.test", `guess number ${i}`, "192.0.2.1")));
    expect(results.filter((r) => r === "null")).toHaveLength(4);
    const refused = results.filter((r) => r !== "null");
    expect(refused).toHaveLength(4);
    // (A refusal while the allowed one still holds the gate says 1 second: parallel ones queue.)
    for (const message of refused) expect(message).toMatch(/^Too many sign-in attempts; try again in \d+ (seconds?|minutes)$/);
    // The right password from that address waits too; from another address it signs in at once.
    const waiting = await attempt("alice@example.test", PASSWORD, "192.0.2.1");
    // 30 s, or longer when the attempt that took the gate in the burst was counted later.
    expect(waiting).toMatch(/^Too many sign-in attempts; try again in (29 seconds|30 seconds|\d+ minutes)$/);
    expect(await attempt("alice@example.test", PASSWORD, "198.51.100.8")).toBe("user");
    // An unknown email gets the same treatment and the same words.
    for (let i = 0; i < 4; i++) await attempt("ghost@example.test", "whatever pass", "192.0.2.2");
    expect(await attempt("ghost@example.test", "whatever pass", "192.0.2.2")).toMatch(/^Too many sign-in attempts; try again in (29|30) seconds$/);
    expect((await signInEvents("alice@example.test")).filter((e) => e.errorCode === "rate_limited")).toHaveLength(5);
  });

  it("caps attempts at one account from many addresses, delaying the next one by at most a minute", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perSubjectAndClient: backoff(10), perClient: backoff(10), perSubject: { attempts: 5, perSeconds: 60 } });
    const deps = { db: t.db, limiter };
    for (let i = 0; i < 5; i++) {
      expect(await authorizeCredentials({ email: "alice@example.test", password: "wrong guess", clientIp: `203.0.113.${i}` }, deps)).toBeNull();
    }
    const refused = await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: "198.51.100.9" }, deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRateLimitedError);
    expect((refused as SignInRateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("slows one address trying many accounts, and a success gives the address its attempt back", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perSubjectAndClient: backoff(100), perClient: backoff(4), perSubject: { attempts: 100, perSeconds: 60 } });
    const deps = { db: t.db, limiter };
    const ip = "203.0.113.99";
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: ip }, deps)).not.toBeNull();
    for (const email of ["a1@example.test", "a2@example.test", "a3@example.test", "a4@example.test", "a5@example.test"]) {
      expect(await authorizeCredentials({ email, password: "some password", clientIp: ip }, deps)).toBeNull();
    }
    await expect(
      authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: ip }, deps),
    ).rejects.toBeInstanceOf(SignInRateLimitedError);
    // Another address is unaffected.
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: "203.0.113.100" }, deps)).not.toBeNull();
  });

  it("keeps no per-address budget for an unknown address (a portal run without its server): accounts still count", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perSubjectAndClient: backoff(100), perClient: backoff(2), perSubject: { attempts: 100, perSeconds: 60 } });
    const deps = { db: t.db, limiter };
    for (const email of ["b1@example.test", "b2@example.test", "b3@example.test", "b4@example.test"]) {
      expect(await authorizeCredentials({ email, password: "some password", clientIp: null }, deps)).toBeNull();
    }
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: null }, deps)).not.toBeNull();
    expect(await t.db.rateLimiterFlexible.count({ where: { key: { startsWith: "signin:client" } } })).toBe(0);
  });

  it("never stores the password, and does not record malformed input", async () => {
    const deps = { db: t.db, limiter: relaxed() };
    expect(await authorizeCredentials({ email: "my secret password", password: "x", clientIp: null }, deps)).toBeNull();
    expect(await authorizeCredentials({ email: 42, password: undefined, clientIp: null }, deps)).toBeNull();
    const rows = await t.db.auditEvent.findMany();
    const dump = JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain("my secret password");
    expect(dump).not.toContain("guess number");
    expect(rows.filter((r) => r.errorCode === "invalid_input")).toHaveLength(2);
  });
});
