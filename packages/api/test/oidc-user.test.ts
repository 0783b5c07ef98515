// SSO users: created without any workspace, linked to an existing account only when the identity
// provider verified the email, and refused when disabled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertOidcUser } from "../src/index.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb("oidc");
});
afterAll(() => t?.close());

const profile = (over: Partial<Parameters<typeof upsertOidcUser>[1]> = {}) => ({
  provider: "oidc",
  providerAccountId: "sub-1",
  email: "Sso.User@Example.TEST",
  emailVerified: true,
  name: "SSO User",
  ...over,
});

describe("upsertOidcUser", () => {
  it("creates a new SSO user with no workspace, then finds them by their account", async () => {
    const first = await upsertOidcUser(t.db, profile());
    expect(first).toMatchObject({ ok: true, created: true, user: { email: "sso.user@example.test" } });
    if (!first.ok) throw new Error("unreachable");
    expect(await t.db.membership.count({ where: { userId: first.user.id } })).toBe(0);
    const again = await upsertOidcUser(t.db, profile({ email: "renamed@example.test" }));
    expect(again).toMatchObject({ ok: true, created: false, user: { id: first.user.id } });
  });

  it("links an existing password user only when the provider verified the email", async () => {
    const existing = await t.db.user.create({ data: { email: "known@example.test" }, select: { id: true } });
    const unverified = await upsertOidcUser(t.db, profile({ providerAccountId: "sub-2", email: "known@example.test", emailVerified: false }));
    expect(unverified).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await t.db.account.count({ where: { userId: existing.id } })).toBe(0);
    const verified = await upsertOidcUser(t.db, profile({ providerAccountId: "sub-2", email: "known@example.test" }));
    expect(verified).toMatchObject({ ok: true, created: false, user: { id: existing.id } });
  });

  it("refuses disabled users and malformed profiles", async () => {
    await t.db.user.create({ data: { email: "off@example.test", disabled: true } });
    expect(await upsertOidcUser(t.db, profile({ providerAccountId: "sub-3", email: "off@example.test" }))).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await upsertOidcUser(t.db, profile({ providerAccountId: "", email: "x" }))).toEqual({ ok: false, reason: "invalid_profile" });
  });
});
