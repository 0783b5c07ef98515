// The portal's own environment, validated on first use (never at import, so `next build` and tests
// do not need every variable). Secrets stay server-side: nothing here is NEXT_PUBLIC_.
import "server-only";
import { z } from "zod";
import { TrustProxySchema } from "./client-address.ts";

const WebEnvSchema = z
  .object({
    DATABASE_URL: z.string().min(1, "DATABASE_URL is required (postgresql://…)"),
    NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
    OIDC_ISSUER: z.url("OIDC_ISSUER must be a URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).max(60).default("Company SSO"),
    // How many reverse proxies in front of the portal append to X-Forwarded-For (client-address.ts).
    // Unset or 0: the header is not trusted at all (a client can write anything into it); the
    // client is the socket's peer, which the portal's server (apps/web/server.ts) passes on.
    // 1: one proxy — the right-most entry, the one that proxy added, is the client. Set it only
    // when the portal cannot be reached except through them.
    LIFEBOAT_TRUST_PROXY: TrustProxySchema,
    // Public URL of the portal; links in alert notifications point at it.
    NEXTAUTH_URL: z.url("NEXTAUTH_URL must be a URL").optional(),
    // The alert jobs (pg-boss in the portal database): off disables them; seconds between evaluations.
    LIFEBOAT_ALERTS: z.enum(["on", "off"], "LIFEBOAT_ALERTS must be on or off").default("on"),
    LIFEBOAT_ALERTS_INTERVAL_SECONDS: z.coerce.number().int("LIFEBOAT_ALERTS_INTERVAL_SECONDS must be a whole number of seconds").min(1).max(3600).default(60),
    // A bearer token Prometheus may scrape /api/metrics with (besides an admin API token).
    LIFEBOAT_METRICS_TOKEN: z.string().min(16, "LIFEBOAT_METRICS_TOKEN must be at least 16 characters").optional(),
  })
  .transform((env) => ({
    ...env,
    trustProxyHops: env.LIFEBOAT_TRUST_PROXY,
    // SSO is on only when all three settings are present.
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, name: env.OIDC_NAME }
        : null,
  }));

export type WebEnv = z.infer<typeof WebEnvSchema>;

let cached: WebEnv | undefined;

export function webEnv(): WebEnv {
  if (cached) return cached;
  const parsed = WebEnvSchema.safeParse({
    ...process.env,
    // Empty strings from compose files mean "unset".
    OIDC_ISSUER: process.env.OIDC_ISSUER || undefined,
    OIDC_CLIENT_ID: process.env.OIDC_CLIENT_ID || undefined,
    OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET || undefined,
    OIDC_NAME: process.env.OIDC_NAME || undefined,
    LIFEBOAT_TRUST_PROXY: process.env.LIFEBOAT_TRUST_PROXY?.trim() || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid portal environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
