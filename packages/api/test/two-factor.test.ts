// Two-factor sign-in against a real PostgreSQL: setup (QR code and key, the secret sealed at rest),
// confirmation with a code and 10 recovery codes, sign-in that needs the code after the right
// password, wrong codes refused and throttled, a code refused when replayed, a recovery code
// working once, switching off, the instance setting that makes instance admins set it up first
// (SSO sessions excepted), and the audited admin reset. Codes are computed with the same library
// (otpauth) an authenticator app's algorithm matches.
import { hashPassword } from "@lifeboat/db";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../src/auth/sessions.ts";
import {
  authorizeCredentials,
  createCaller,
  createContext,
  createSignInLimiter,
  SecondFactorInvalidError,
  SecondFactorRequiredError,
  SignInRateLimitedError,
  silentLog,
  upsertOidcUser,
} from "../src/index.ts";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("two_factor");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

const PASSWORD = "correct horse battery staple";
let seq = 0;

interface Person {
  id: string;
  email: string;
  sessionId: string;
}

/** A user with a password and a browser session (as the web app starts one at sign-in). */
async function person(name: string, opts: { instanceAdmin?: boolean; signInMethod?: "password" | "oidc" } = {}): Promise<Person> {
  const user = await t.db.user.create({
    data: {
      email: `${name}-${++seq}@two-factor.test`,
      passwordHash: await hashPassword(PASSWORD),
      isInstanceAdmin: opts.instanceAdmin ?? false,
      memberships: { create: { workspaceId: cast.workspaceId, role: opts.instanceAdmin ? "admin" : "operator" } },
    },
    select: { id: true, email: true },
  });
  const sessionId = await startSession(t.db, { userId: user.id, userAgent: "test", clientIp: "198.51.100.1", signInMethod: opts.signInMethod });
  return { ...user, sessionId };
}

function browser(p: Person) {
  return createCaller(
    createContext({
      db: t.db,
      session: { user: { id: p.id, email: p.email }, sessionId: p.sessionId },
      clientIp: "203.0.113.5",
      log: silentLog,
      selectedWorkspaceId: cast.workspaceId,
    }),
  );
}

const appFor = (key: string) => new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s+/g, "")) });
/** The code of the step `steps` after the current one (accepted: the window is one step either side). */
const codeAt = (key: string, steps: number) => appFor(key).generate({ timestamp: Date.now() + steps * 30_000 });

/** Sets two-factor up through the procedures; returns the key and the recovery codes. */
async function enable(p: Person): Promise<{ key: string; recoveryCodes: string[] }> {
  const { key } = await browser(p).me.twoFactor.setup();
  const { recoveryCodes } = await browser(p).me.twoFactor.confirm({ code: codeAt(key, 0) });
  return { key, recoveryCodes };
}

const backoff = (freeAttempts: number) => ({ freeAttempts, firstDelaySeconds: 30, maxDelaySeconds: 600, forgetAfterSeconds: 600 });
const relaxed = (prefix: string) =>
  createSignInLimiter(t.db, { perSubjectAndClient: backoff(50), perClient: backoff(500), perSubject: { attempts: 500, perSeconds: 60 } }, prefix);

function signIn(email: string, code: string | undefined, opts: { clientIp?: string; codeLimiter?: ReturnType<typeof relaxed> } = {}) {
  return authorizeCredentials(
    { email, password: PASSWORD, code, clientIp: opts.clientIp ?? "192.0.2.10" },
    { db: t.db, limiter: relaxed(`signin-${email}`), secondFactorLimiter: opts.codeLimiter ?? relaxed(`code-${email}`) },
  );
}

async function lastSignIn(email: string) {
  return t.db.auditEvent.findFirst({ where: { procedure: "auth.signIn", actor: email }, orderBy: { id: "desc" } });
}

describe("setting two-factor sign-in up", () => {
  it("shows a QR code and the key, keeps the secret sealed, and switches on only with a right code", async () => {
    const p = await person("setup");
    await expect(browser(p).me.twoFactor.status()).resolves.toMatchObject({ enabled: false, available: true, setupRequired: false });

    const setup = await browser(p).me.twoFactor.setup();
    expect(setup.key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(setup.uri).toMatch(new RegExp(`^otpauth://totp/Lifeboat:${encodeURIComponent(p.email)}\\?`));
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrCode.split(",")[1]!, "base64").toString()).toContain("<svg");
    const secret = setup.key.replace(/\s+/g, "");
    const row = await t.db.user.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.totpSecretCiphertext).toBeTruthy();
    expect(row.totpSecretCiphertext).not.toContain(secret);
    expect(row.totpEnabledAt).toBeNull();
    // Not on yet: the password alone still signs in.
    await expect(signIn(p.email, undefined)).resolves.toMatchObject({ id: p.id });

    const wrong = String((Number(codeAt(secret, 0)) + 500_000) % 1_000_000).padStart(6, "0");
    await expect(browser(p).me.twoFactor.confirm({ code: wrong })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { recoveryCodes } = await browser(p).me.twoFactor.confirm({ code: codeAt(secret, 0) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const stored = await t.db.recoveryCode.findMany({ where: { userId: p.id } });
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(recoveryCodes).not.toContain(s.codeHash);
    await expect(browser(p).me.twoFactor.status()).resolves.toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Once on, a new setup needs it switched off first.
    await expect(browser(p).me.twoFactor.setup()).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(browser(p).me.get()).resolves.toMatchObject({ twoFactor: { enabled: true, setupRequired: false } });
  });

  it("is not offered to a user who signs in through SSO only", async () => {
    const sso = await t.db.user.create({ data: { email: `sso-${++seq}@two-factor.test` }, select: { id: true, email: true } });
    const p = { ...sso, sessionId: await startSession(t.db, { userId: sso.id, userAgent: null, clientIp: null, signInMethod: "oidc" }) };
    await expect(browser(p).me.twoFactor.status()).resolves.toMatchObject({ available: false, signedInWithSso: true });
    await expect(browser(p).me.twoFactor.setup()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("signing in with two-factor", () => {
  it("needs a code after the right password; a wrong code is refused, the right one signs in, and it cannot be replayed", async () => {
    const p = await person("signin");
    const { key } = await enable(p);

    await expect(signIn(p.email, undefined)).rejects.toBeInstanceOf(SecondFactorRequiredError);
    expect(await lastSignIn(p.email)).toMatchObject({ outcome: "error", errorCode: "second_factor_required", userId: p.id });
    // A wrong password never reaches the code step: the same null as for anyone.
    await expect(
      authorizeCredentials({ email: p.email, password: "not the password", code: codeAt(key, 1), clientIp: "192.0.2.10" }, { db: t.db, limiter: relaxed("wrongpw") }),
    ).resolves.toBeNull();

    const next = codeAt(key, 1);
    const wrong = String((Number(next) + 1) % 1_000_000).padStart(6, "0");
    await expect(signIn(p.email, wrong)).rejects.toBeInstanceOf(SecondFactorInvalidError);
    expect(await lastSignIn(p.email)).toMatchObject({ outcome: "error", errorCode: "wrong_code" });

    await expect(signIn(p.email, next)).resolves.toMatchObject({ id: p.id, email: p.email });
    expect(await lastSignIn(p.email)).toMatchObject({ outcome: "ok", clientIp: "192.0.2.10" });

    // The same code again (still inside its window), and an older one: refused.
    await expect(signIn(p.email, next)).rejects.toBeInstanceOf(SecondFactorInvalidError);
    expect(await lastSignIn(p.email)).toMatchObject({ outcome: "error", errorCode: "code_replayed" });
    await expect(signIn(p.email, codeAt(key, 0))).rejects.toBeInstanceOf(SecondFactorInvalidError);
    expect(await lastSignIn(p.email)).toMatchObject({ errorCode: "code_replayed" });
  });

  it("lets only one of two parallel sign-ins with the same code through", async () => {
    const p = await person("parallel");
    const { key } = await enable(p);
    const code = codeAt(key, 1);
    const results = await Promise.allSettled([signIn(p.email, code), signIn(p.email, code), signIn(p.email, code)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SecondFactorInvalidError);
  });

  it("slows down code guessing like password guessing (no lockout): the real user gets in from another client", async () => {
    const p = await person("guess");
    const { key } = await enable(p);
    const codeLimiter = createSignInLimiter(
      t.db,
      { perSubjectAndClient: backoff(3), perClient: backoff(1000), perSubject: { attempts: 100, perSeconds: 60 } },
      "second-factor-guess",
    );
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      answers.push(
        await signIn(p.email, String(100000 + i * 7919), { clientIp: "192.0.2.66", codeLimiter }).then(
          () => "signed in",
          (e: unknown) => (e instanceof SecondFactorInvalidError ? "wrong" : e instanceof SignInRateLimitedError ? e.message : String(e)),
        ),
      );
    }
    // Figures: 3 free guesses and one more are checked; then each must wait (30 s, doubling).
    expect(answers.slice(0, 4)).toEqual(["wrong", "wrong", "wrong", "wrong"]);
    for (const a of answers.slice(4)) expect(a).toMatch(/^Too many sign-in attempts; try again in \d+ seconds?$/);
    // The right code from the guessing client waits too…
    await expect(signIn(p.email, codeAt(key, 1), { clientIp: "192.0.2.66", codeLimiter })).rejects.toBeInstanceOf(SignInRateLimitedError);
    expect(await lastSignIn(p.email)).toMatchObject({ errorCode: "second_factor_rate_limited" });
    // …while the user, from another address, gets in at once.
    await expect(signIn(p.email, codeAt(key, 1), { clientIp: "192.0.2.67", codeLimiter })).resolves.toMatchObject({ id: p.id });
    const wrongRows = await t.db.auditEvent.count({ where: { procedure: "auth.signIn", actor: p.email, errorCode: "wrong_code" } });
    expect(wrongRows).toBe(4);
  });

  it("accepts each recovery code once instead of a code (case, spaces and dashes do not matter), and says so in the audit log", async () => {
    const p = await person("recovery");
    const { recoveryCodes } = await enable(p);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace("-", " ")} `;
    await expect(signIn(p.email, typed)).resolves.toMatchObject({ id: p.id });
    expect(await t.db.auditEvent.findFirst({ where: { procedure: "auth.recoveryCodeUsed", userId: p.id } })).toMatchObject({ outcome: "ok" });
    await expect(signIn(p.email, recoveryCodes[3]!)).rejects.toBeInstanceOf(SecondFactorInvalidError);
    expect(await lastSignIn(p.email)).toMatchObject({ errorCode: "recovery_code_used" });
    await expect(signIn(p.email, "aaaaa-bbbbb")).rejects.toBeInstanceOf(SecondFactorInvalidError);
    await expect(browser(p).me.twoFactor.status()).resolves.toMatchObject({ recoveryCodesLeft: 9 });
    await expect(signIn(p.email, recoveryCodes[4]!)).resolves.toMatchObject({ id: p.id });
  });

  it("asks no code of an SSO sign-in: the identity provider is in charge", async () => {
    const p = await person("sso-linked");
    await enable(p);
    const result = await upsertOidcUser(t.db, { provider: "oidc", providerAccountId: `sub-${p.id}`, email: p.email, emailVerified: true });
    expect(result).toMatchObject({ ok: true, user: { id: p.id } });
  });
});

describe("switching two-factor off", () => {
  it("needs a code, a recovery code or the password; afterwards the password alone signs in", async () => {
    const p = await person("off");
    const { key } = await enable(p);
    await expect(browser(p).me.twoFactor.disable({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browser(p).me.twoFactor.disable({ password: "wrong password here" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(browser(p).me.twoFactor.disable({ code: "123456" === codeAt(key, 1) ? "654321" : "123456" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: p.id } })).totpEnabledAt).not.toBeNull();
    await expect(browser(p).me.twoFactor.disable({ code: codeAt(key, 1) })).resolves.toEqual({ enabled: false });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ totpEnabledAt: null, totpSecretCiphertext: null });
    expect(await t.db.recoveryCode.count({ where: { userId: p.id } })).toBe(0);
    await expect(signIn(p.email, undefined)).resolves.toMatchObject({ id: p.id });

    const q = await person("off-password");
    await enable(q);
    await expect(browser(q).me.twoFactor.disable({ password: PASSWORD })).resolves.toEqual({ enabled: false });
  });
});

describe("require two-factor for admins", () => {
  it("holds an instance admin without it to the setup until it is on; others and SSO sessions are not held", async () => {
    const boss = await person("boss", { instanceAdmin: true });
    // Turning it on needs one's own first.
    await expect(browser(boss).instanceSettings.update({ requireAdminTwoFactor: true })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await enable(boss);
    await expect(browser(boss).instanceSettings.update({ requireAdminTwoFactor: true })).resolves.toMatchObject({ requireAdminTwoFactor: true });
    try {
      await expect(browser(boss).instanceSettings.get()).resolves.toMatchObject({ requireAdminTwoFactor: true });
      // A workspace admin who is not an instance admin cannot see or change it.
      await expect(cast.caller("workspaceAdmin").instanceSettings.update({ requireAdminTwoFactor: false })).rejects.toMatchObject({ code: "FORBIDDEN" });

      const newAdmin = await person("new-admin", { instanceAdmin: true });
      await expect(browser(newAdmin).me.get()).resolves.toMatchObject({ twoFactor: { enabled: false, setupRequired: true } });
      for (const call of [
        () => browser(newAdmin).user.list({}),
        () => browser(newAdmin).workspace.list(),
        () => browser(newAdmin).instanceSettings.update({ requireAdminTwoFactor: false }),
        () => browser(newAdmin).dashboard.summary(),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("two-factor") });
      }
      // What stays open: its own sessions, and the setup.
      await expect(browser(newAdmin).me.session.list()).resolves.toMatchObject({ items: expect.any(Array) });
      await expect(browser(newAdmin).me.twoFactor.status()).resolves.toMatchObject({ setupRequired: true });
      await enable(newAdmin);
      await expect(browser(newAdmin).user.list({})).resolves.toMatchObject({ items: expect.any(Array) });
      await expect(browser(newAdmin).me.get()).resolves.toMatchObject({ twoFactor: { enabled: true, setupRequired: false } });
      // …and, while it is required, it cannot be switched off again.
      await expect(browser(newAdmin).me.twoFactor.disable({ password: PASSWORD })).rejects.toMatchObject({ code: "CONFLICT" });

      // An admin who signed in through SSO relies on the identity provider; an operator is not an admin.
      const ssoAdmin = await person("sso-admin", { instanceAdmin: true, signInMethod: "oidc" });
      await expect(browser(ssoAdmin).user.list({})).resolves.toMatchObject({ items: expect.any(Array) });
      const operator = await person("operator");
      await expect(browser(operator).workspace.list()).resolves.toBeTruthy();
    } finally {
      await browser(boss).instanceSettings.update({ requireAdminTwoFactor: false });
    }
    const relaxedAdmin = await person("relaxed-admin", { instanceAdmin: true });
    await expect(browser(relaxedAdmin).user.list({})).resolves.toBeTruthy();
  });
});

describe("admin reset of two-factor", () => {
  it("is an instance admin's, audited, ends the user's sessions, and the user sets it up again", async () => {
    const boss = await person("reset-boss", { instanceAdmin: true });
    const p = await person("reset-me");
    await enable(p);
    await expect(signIn(p.email, undefined)).rejects.toBeInstanceOf(SecondFactorRequiredError);
    await expect(t.db.user.findMany({ where: { id: p.id }, select: { id: true } })).resolves.toHaveLength(1);
    const listed = await browser(boss).user.list({ search: p.email });
    expect(listed.items.find((u) => u.id === p.id)).toMatchObject({ hasTwoFactor: true });

    // Not a workspace admin's, not an API token's, not one's own.
    await expect(cast.caller("workspaceAdmin").user.resetTwoFactor({ id: p.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(browser(boss).user.resetTwoFactor({ id: boss.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(browser(boss).user.resetTwoFactor({ id: "no-such-user" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(browser(boss).user.resetTwoFactor({ id: p.id })).resolves.toEqual({ id: p.id, wasEnabled: true, endedSessions: 1 });
    const event = await t.db.auditEvent.findFirst({ where: { procedure: "user.resetTwoFactor", outcome: "ok" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ userId: boss.id, actor: boss.email, clientIp: "203.0.113.5" });
    expect(event?.targetIds).toEqual([p.id]);
    const refused = await t.db.auditEvent.findFirst({ where: { procedure: "user.resetTwoFactor", outcome: "error", actor: { contains: "workspace-admin" } } });
    expect(refused).toMatchObject({ errorCode: "FORBIDDEN" });

    expect(await t.db.user.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ totpEnabledAt: null, totpSecretCiphertext: null, totpLastStep: null });
    expect(await t.db.recoveryCode.count({ where: { userId: p.id } })).toBe(0);
    await expect(browser(p).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // The password alone signs in again; the user sets two-factor up anew.
    await expect(signIn(p.email, undefined)).resolves.toMatchObject({ id: p.id });
    const again = { ...p, sessionId: await startSession(t.db, { userId: p.id, userAgent: null, clientIp: null }) };
    await expect(browser(again).me.twoFactor.status()).resolves.toMatchObject({ enabled: false });
    await enable(again);
    await expect(browser(again).me.twoFactor.status()).resolves.toMatchObject({ enabled: true });
  });
});
