// Password sign-in: argon2id verification, limits per account and per IP, audited failures and
// no way to tell existing from unknown accounts.
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
const relaxed = () => createSignInLimiter(t.db, { perAccount: { points: 50, durationSeconds: 600 }, perIp: { points: 500, durationSeconds: 600 } });

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

  it("locks an account after 3 attempts in parallel, with one message for existing and unknown emails", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perAccount: { points: 3, durationSeconds: 600 }, perIp: { points: 1000, durationSeconds: 600 } });
    const deps = { db: t.db, limiter };
    const attempt = (email: string, password: string, i: number) =>
      authorizeCredentials({ email, password, clientIp: `192.0.2.${i}` }, deps).then(
        (user) => (user ? "user" : "null"),
        (error: unknown) => (error instanceof SignInRateLimitedError ? error.message : `unexpected ${String(error)}`),
      );
    // Eight parallel guesses: the atomic counter lets exactly three through.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt("alice@example.test", `guess number ${i}`, i)));
    expect(results.filter((r) => r === "null")).toHaveLength(3);
    const locked = results.filter((r) => r !== "null");
    expect(locked).toHaveLength(5);
    expect(locked[0]).toMatch(/^Too many sign-in attempts; try again in 10 minutes$/);
    // Even the right password is refused now, with the same message an unknown email gets.
    expect(await attempt("alice@example.test", PASSWORD, 99)).toBe(locked[0]);
    for (let i = 0; i < 3; i++) await attempt("ghost@example.test", "whatever pass", 50 + i);
    expect(await attempt("ghost@example.test", "whatever pass", 60)).toBe(locked[0]);
    expect((await signInEvents("alice@example.test")).filter((e) => e.errorCode === "rate_limited")).toHaveLength(6);
  });

  it("limits attempts per IP across accounts, and a success gives the IP its point back", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perAccount: { points: 100, durationSeconds: 600 }, perIp: { points: 4, durationSeconds: 600 } });
    const deps = { db: t.db, limiter };
    const ip = "203.0.113.99";
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: ip }, deps)).not.toBeNull();
    for (const email of ["a1@example.test", "a2@example.test", "a3@example.test", "a4@example.test"]) {
      expect(await authorizeCredentials({ email, password: "some password", clientIp: ip }, deps)).toBeNull();
    }
    await expect(
      authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: ip }, deps),
    ).rejects.toBeInstanceOf(SignInRateLimitedError);
    // Another IP is unaffected.
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: "203.0.113.100" }, deps)).not.toBeNull();
  });

  it("does not pool unknown client addresses into one per-IP budget (no trusted proxy): only accounts count", async () => {
    await t.db.rateLimiterFlexible.deleteMany({});
    const limiter = createSignInLimiter(t.db, { perAccount: { points: 100, durationSeconds: 600 }, perIp: { points: 2, durationSeconds: 600 } });
    const deps = { db: t.db, limiter };
    for (const email of ["b1@example.test", "b2@example.test", "b3@example.test", "b4@example.test"]) {
      expect(await authorizeCredentials({ email, password: "some password", clientIp: null }, deps)).toBeNull();
    }
    // Four failures by "someone" with no known address did not lock alice out.
    expect(await authorizeCredentials({ email: "alice@example.test", password: PASSWORD, clientIp: null }, deps)).not.toBeNull();
    expect(await t.db.rateLimiterFlexible.count({ where: { key: { startsWith: "signin:ip" } } })).toBe(0);
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
