// next-auth configuration: email + password through the BFF's `authorizeCredentials` (argon2id,
// rate limits, audit), plus an optional generic OpenID Connect provider. Sessions are JWTs because
// the Credentials provider cannot use database sessions; the Prisma adapter still links SSO
// accounts to users.
import "server-only";
import { authorizeCredentials, createSignInLimiter, SignInRateLimitedError } from "@lifeboat/api";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { SIGN_IN_ERRORS } from "@/lib/sign-in-errors.ts";
import { clientIpFrom } from "./client-ip.ts";
import { getDb, getLog } from "./db.ts";
import { webEnv } from "./env.ts";

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  picture?: string;
}

function oidcProvider(oidc: NonNullable<ReturnType<typeof webEnv>["oidc"]>): OAuthConfig<OidcProfile> {
  return {
    id: "oidc",
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    // The issuer is the organisation's own IdP, configured by an admin; unverified emails are refused in signIn:
    // an SSO sign-in may therefore attach to a user an admin created beforehand with that email.
    allowDangerousEmailAccountLinking: true,
    profile: (profile) => ({
      id: profile.sub,
      email: profile.email?.toLowerCase() ?? null,
      name: profile.name ?? profile.preferred_username ?? null,
      image: profile.picture ?? null,
    }),
  };
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = webEnv();
  const db = getDb();
  const limiter = createSignInLimiter(db);
  cached = {
    secret: env.NEXTAUTH_SECRET,
    // The generated client lives outside node_modules/@prisma/client; the adapter only calls the
    // standard model delegates (user, account, session, verificationToken), which it has.
    adapter: PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]) as Adapter,
    session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          // Validation, argon2id, rate limits and the audit row live in the BFF; malformed input
          // answers null like a wrong password, so nothing here says which accounts exist.
          try {
            const user = await authorizeCredentials(
              { email: credentials?.email, password: credentials?.password, clientIp: clientIpFrom(req?.headers) },
              { db, limiter, log: getLog() },
            );
            return user ? { id: user.id, email: user.email, name: user.name } : null;
          } catch (error) {
            // The rate-limit message is the same for known and unknown emails; next-auth hands a
            // thrown message to the sign-in page as `error`.
            if (error instanceof SignInRateLimitedError) throw new Error(`${SIGN_IN_ERRORS.rateLimitedPrefix}${error.message}`);
            throw error;
          }
        },
      }),
      ...(env.oidc ? [oidcProvider(env.oidc)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        // SSO accounts are created and linked by the adapter. Like the BFF's policy (api
        // auth/oidc-user.ts), an address the IdP has not verified may not sign in or link, and a
        // new SSO user gets no workspace until an admin grants one.
        if (account?.provider === "oidc" && (profile as OidcProfile | undefined)?.email_verified === false) return false;
        if (!user.id) return false;
        const row = await db.user.findUnique({ where: { id: user.id }, select: { disabled: true } });
        return !row?.disabled;
      },
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
  return cached;
}

/** Providers the sign-in page offers besides email + password (never secrets). */
export function ssoProviderForSignInPage(): { id: string; name: string } | null {
  const { oidc } = webEnv();
  return oidc ? { id: "oidc", name: oidc.name } : null;
}
