// SSO (OIDC) users for next-auth's signIn/jwt callbacks. Policy: a new SSO user gets an account
// but NO workspace; an admin grants one (user.setRole). Backups are infrastructure: whoever the
// identity provider knows should not see them by default.
import { z } from "zod";
import type { Db } from "../db.ts";

export const OidcProfileSchema = z.object({
  provider: z.string().min(1).max(100),
  providerAccountId: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  /** The identity provider vouches for the address (OIDC `email_verified`). */
  emailVerified: z.boolean(),
  name: z.string().trim().max(100).nullish(),
  image: z.url().max(1000).nullish(),
});
export type OidcProfile = z.input<typeof OidcProfileSchema>;

export type OidcSignInResult =
  | { ok: true; user: { id: string; email: string; name: string | null; isOps: boolean }; created: boolean }
  | { ok: false; reason: "disabled" | "email_not_verified" | "invalid_profile" };

/**
 * Finds the user of an SSO account, or links/creates one. An existing account with the same
 * email is linked only when the provider verified the email: otherwise anyone able to register
 * that address at the provider could take over the portal account.
 */
export async function upsertOidcUser(db: Db, profile: OidcProfile): Promise<OidcSignInResult> {
  const parsed = OidcProfileSchema.safeParse(profile);
  if (!parsed.success) return { ok: false, reason: "invalid_profile" };
  const p = parsed.data;
  const select = { id: true, email: true, name: true, isOps: true, disabled: true } as const;

  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: p.provider, providerAccountId: p.providerAccountId } },
    select: { user: { select } },
  });
  let user = linked?.user ?? null;
  let created = false;
  if (!user) {
    if (!p.emailVerified) return { ok: false, reason: "email_not_verified" };
    user = await db.user.findUnique({ where: { email: p.email }, select });
    if (!user) {
      user = await db.user.create({
        data: { email: p.email, name: p.name ?? null, image: p.image ?? null, emailVerified: new Date() },
        select,
      });
      created = true;
    }
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: p.provider, providerAccountId: p.providerAccountId },
      select: { id: true },
    });
  }
  if (user.disabled) return { ok: false, reason: "disabled" };
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() }, select: { id: true } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, isOps: user.isOps }, created };
}
