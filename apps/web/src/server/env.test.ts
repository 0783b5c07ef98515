import { afterEach, describe, expect, it, vi } from "vitest";

// `server-only` refuses to load outside Next's server bundles; this test is server code anyway.
vi.mock("server-only", () => ({}));

const BASE = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "0123456789abcdef0123" };

async function envWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME"]) vi.stubEnv(key, "");
  for (const [key, value] of Object.entries({ ...BASE, ...vars })) vi.stubEnv(key, value);
  const { webEnv } = await import("./env.ts");
  return webEnv;
}

afterEach(() => vi.unstubAllEnvs());

describe("webEnv", () => {
  it("turns SSO on only when issuer, client id and client secret are all set, named Company SSO by default", async () => {
    const partial = await envWith({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "portal" });
    expect(partial().oidc).toBeNull();
    const full = await envWith({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "s3cret" });
    expect(full().oidc).toEqual({ issuer: "https://idp.example", clientId: "portal", clientSecret: "s3cret", name: "Company SSO" });
    const named = await envWith({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "p", OIDC_CLIENT_SECRET: "s", OIDC_NAME: "Acme Okta" });
    expect(named().oidc?.name).toBe("Acme Okta");
  });

  it("names each missing or bad variable, without echoing secrets", async () => {
    const webEnv = await envWith({ DATABASE_URL: "", NEXTAUTH_SECRET: "short-secret", OIDC_ISSUER: "not a url" });
    expect(() => webEnv()).toThrow(/DATABASE_URL: DATABASE_URL is required/);
    expect(() => webEnv()).toThrow(/NEXTAUTH_SECRET: NEXTAUTH_SECRET must be at least 16 characters/);
    expect(() => webEnv()).toThrow(/OIDC_ISSUER: OIDC_ISSUER must be a URL/);
    expect(() => webEnv()).not.toThrow(/short-secret/);
  });
});
