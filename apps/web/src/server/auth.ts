// next-auth configuration: email + password through the BFF's `authorizeCredentials` (argon2id,
// rate limits, audit), plus an optional generic OpenID Connect provider. Sessions are JWTs because
// the Credentials provider cannot use database sessions, but each JWT only names a Session row
// (`sid`, created at sign-in, deleted at sign-out), which every request checks — see the BFF's
// auth/sessions.ts. SSO users are found, linked or created by the BFF's upsertOidcUser in the
// signIn callback; the Prisma adapter then only looks them up.
import "server-only";
import {
  authorizeCredentials,
  createSignInLimiter,
  endSession,
  SecondFactorInvalidError,
  SecondFactorRequiredError,
  SESSION_MAX_AGE_SECONDS,
  SignInRateLimitedError,
  startSession,
} from "@lifeboat/api";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { SIGN_IN_ERRORS } from "@/lib/sign-in-errors.ts";
import { clientIpFrom } from "./client-ip.ts";
import { getDb, getLog } from "./db.ts";
import { oidcSignIn, type OidcClaims } from "./oidc-sign-in.ts";
import { webEnv } from "./env.ts";

function oidcProvider(oidc: NonNullable<ReturnType<typeof webEnv>["oidc"]>): OAuthConfig<OidcClaims> {
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
    // No allowDangerousEmailAccountLinking: the signIn callback (upsertOidcUser) links an SSO account
    // to an existing user with the same, IdP-verified email before the adapter looks the account up.
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
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          // Two-factor sign-in: the form sends email and password again with the code.
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, req) {
          // Validation, argon2id, rate limits and the audit row live in the BFF; malformed input
          // answers null like a wrong password, so nothing here says which accounts exist.
          try {
            const user = await authorizeCredentials(
              { email: credentials?.email, password: credentials?.password, code: credentials?.code, clientIp: clientIpFrom(req?.headers) },
              { db, limiter, log: getLog() },
            );
            return user ? { id: user.id, email: user.email, name: user.name } : null;
          } catch (error) {
            // The rate-limit message is the same for known and unknown emails; next-auth hands a
            // thrown message to the sign-in page as `error`.
            if (error instanceof SignInRateLimitedError) throw new Error(`${SIGN_IN_ERRORS.rateLimitedPrefix}${error.message}`);
            // Only after the right password: the form asks for the code (again).
            if (error instanceof SecondFactorRequiredError) throw new Error(SIGN_IN_ERRORS.codeRequiredCode);
            if (error instanceof SecondFactorInvalidError) throw new Error(SIGN_IN_ERRORS.codeInvalidCode);
            // Anything else (the database down…) is logged here; next-auth would put the thrown
            // message into the sign-in page's URL, so the visitor only gets a code.
            getLog().error("sign-in failed", { error: error instanceof Error ? error.message.slice(0, 300) : String(error) });
            throw new Error(SIGN_IN_ERRORS.unavailableCode);
          }
        },
      }),
      ...(env.oidc ? [oidcProvider(env.oidc)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        // SSO users: the BFF's one code path (server/oidc-sign-in.ts → upsertOidcUser) finds, links
        // or creates the user and account, so the adapter only finds them afterwards.
        if (account?.provider === "oidc") {
          const result = await oidcSignIn(db, account, profile as OidcClaims | undefined);
          if (!result.ok) getLog().warn("sso sign-in refused", { reason: result.reason });
          return result.ok;
        }
        if (!user.id) return false;
        const row = await db.user.findUnique({ where: { id: user.id }, select: { disabled: true } });
        return !row?.disabled;
      },
      async jwt({ token, user, account }) {
        // `user` is only there at sign-in (the auth route handler, where headers() is the request's).
        if (user) {
          const requestHeaders = await headers();
          token.sub = user.id;
          token.sid = await startSession(db, {
            userId: user.id,
            userAgent: requestHeaders.get("user-agent"),
            clientIp: clientIpFrom(requestHeaders),
            // SSO sessions rely on the identity provider for second factors (no TOTP requirement).
            signInMethod: account?.provider === "oidc" ? "oidc" : "password",
          });
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        if (token.sid) session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await endSession(db, token.sid);
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
