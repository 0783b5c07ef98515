// The OIDC half of next-auth's signIn callback (server/auth.ts). The BFF's `upsertOidcUser` is the
// one code path for SSO users: it finds the user of the IdP account, or links an existing user /
// creates a new one (only for an email the IdP verified; a new user gets no workspace), refuses
// disabled users and records the sign-in. It runs before next-auth's Prisma adapter looks the
// account up again (callbackHandler → getUserByAccount), so the adapter never creates or links SSO
// users itself. No `server-only` import: tested in Node against a real database.
import { upsertOidcUser, type OidcSignInResult } from "@lifeboat/api";

type Db = Parameters<typeof upsertOidcUser>[0];

/** The ID-token claims the portal reads (OIDC Core §5.1). */
export interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  picture?: string;
}

/** The signIn callback's answer for an OIDC sign-in: allowed or not, with the BFF's reason. */
export async function oidcSignIn(
  db: Db,
  account: { provider: string; providerAccountId: string },
  claims: OidcClaims | undefined,
): Promise<OidcSignInResult> {
  if (!claims?.email) return { ok: false, reason: "invalid_profile" };
  return upsertOidcUser(db, {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    email: claims.email,
    // Only an explicit `true` vouches for the address; a missing claim does not.
    emailVerified: claims.email_verified === true,
    // Cosmetic claims never block a sign-in: a long name is cut, a picture that is no URL dropped.
    name: (claims.name ?? claims.preferred_username)?.trim().slice(0, 100) ?? null,
    image: claims.picture && claims.picture.length <= 1000 && URL.canParse(claims.picture) ? claims.picture : null,
  });
}
