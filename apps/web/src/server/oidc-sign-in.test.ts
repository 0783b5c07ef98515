// The OIDC sign-in of next-auth's signIn callback against a real database: it goes through the
// BFF's upsertOidcUser (one code path), and next-auth's Prisma adapter, which runs after the
// callback, then finds the same user by the account — so the JWT's subject is the portal user.
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../../../packages/api/test/helpers/test-db.ts";
import { oidcSignIn } from "./oidc-sign-in.ts";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb("web_oidc_sign_in");
});
afterAll(async () => {
  await t?.close();
});

const adapter = () => PrismaAdapter(t.db as unknown as Parameters<typeof PrismaAdapter>[0]);
const account = (sub: string) => ({ provider: "oidc", providerAccountId: sub });

describe("oidcSignIn", () => {
  it("creates a verified new user with no workspace; the adapter then finds that user by the account", async () => {
    const result = await oidcSignIn(t.db, account("sub-new"), { sub: "sub-new", email: "New.User@Example.test", email_verified: true, name: "New User" });
    expect(result).toMatchObject({ ok: true, created: true, user: { email: "new.user@example.test", name: "New User" } });
    if (!result.ok) throw new Error("unreachable");
    expect(await t.db.membership.count({ where: { userId: result.user.id } })).toBe(0);
    expect((await adapter().getUserByAccount?.(account("sub-new")))?.id).toBe(result.user.id);
    // The next sign-in of that account needs no email claim verification: it is linked.
    const again = await oidcSignIn(t.db, account("sub-new"), { sub: "sub-new", email: "new.user@example.test" });
    expect(again).toMatchObject({ ok: true, created: false, user: { id: result.user.id } });
  });

  it("links an existing user only when the IdP verified the email; a missing claim counts as unverified", async () => {
    const existing = await t.db.user.create({ data: { email: "admin-made@example.test" }, select: { id: true } });
    expect(await oidcSignIn(t.db, account("sub-x"), { sub: "sub-x", email: "admin-made@example.test" })).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await oidcSignIn(t.db, account("sub-x"), { sub: "sub-x", email: "admin-made@example.test", email_verified: false })).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await t.db.account.count({ where: { providerAccountId: "sub-x" } })).toBe(0);
    const linked = await oidcSignIn(t.db, account("sub-x"), { sub: "sub-x", email: "admin-made@example.test", email_verified: true });
    expect(linked).toMatchObject({ ok: true, created: false, user: { id: existing.id } });
  });

  it("refuses a disabled user and a profile without email; cosmetic claims never block", async () => {
    await t.db.user.create({ data: { email: "off@example.test", disabled: true } });
    expect(await oidcSignIn(t.db, account("sub-off"), { sub: "sub-off", email: "off@example.test", email_verified: true })).toEqual({ ok: false, reason: "disabled" });
    expect(await oidcSignIn(t.db, account("sub-none"), { sub: "sub-none", email_verified: true })).toEqual({ ok: false, reason: "invalid_profile" });
    expect(await oidcSignIn(t.db, account("sub-none"), undefined)).toEqual({ ok: false, reason: "invalid_profile" });
    const odd = await oidcSignIn(t.db, account("sub-odd"), { sub: "sub-odd", email: "odd@example.test", email_verified: true, name: "n".repeat(300), picture: "not a url" });
    expect(odd).toMatchObject({ ok: true, user: { name: "n".repeat(100) } });
  });
});
