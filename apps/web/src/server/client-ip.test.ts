import { afterEach, describe, expect, it, vi } from "vitest";

// `server-only` refuses to load outside Next's server bundles; this test is server code anyway.
vi.mock("server-only", () => ({}));

import { CLIENT_IP_HEADER, CLIENT_IP_HEADER_OWNER, clientAddress } from "./client-address.ts";

const BASE = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "0123456789abcdef0123" };

/** client-ip.ts with a fresh env.ts, so each case reads its own LIFEBOAT_TRUST_PROXY. */
async function withEnv(trustProxy: string | undefined) {
  vi.resetModules();
  for (const [key, value] of Object.entries(BASE)) vi.stubEnv(key, value);
  vi.stubEnv("LIFEBOAT_TRUST_PROXY", trustProxy);
  return (await import("./client-ip.ts")).clientIpFrom;
}

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[CLIENT_IP_HEADER_OWNER];
});

describe("clientIpFrom", () => {
  it("trusts no x-forwarded-for when LIFEBOAT_TRUST_PROXY is unset or 0: the address is unknown", async () => {
    for (const setting of [undefined, "", "0"]) {
      const clientIpFrom = await withEnv(setting);
      expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7" })), String(setting)).toBeNull();
      expect(clientIpFrom(new Headers({ "x-real-ip": "192.0.2.9" }))).toBeNull();
    }
  });

  it("with one proxy takes the right-most entry, the one the proxy appended, in Headers or next-auth's plain object", async () => {
    const clientIpFrom = await withEnv("1");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIpFrom({ "x-forwarded-for": ["198.51.100.2"] })).toBe("198.51.100.2");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "2001:db8::5" }))).toBe("2001:db8::5");
  });

  it("a forged header buys no new address: whatever the client wrote left of the proxy's entry is ignored", async () => {
    const clientIpFrom = await withEnv("1");
    const forged = ["1.1.1.1", "2.2.2.2", "10.0.0.1, 3.3.3.3", "garbage"].map((spoof) =>
      clientIpFrom(new Headers({ "x-forwarded-for": `${spoof}, 203.0.113.7` })),
    );
    expect(new Set(forged)).toEqual(new Set(["203.0.113.7"]));
    // next-auth's plain object may carry the header twice: the proxy's value is still the last entry.
    expect(clientIpFrom({ "x-forwarded-for": ["9.9.9.9", "203.0.113.7"] })).toBe("203.0.113.7");
  });

  it("with two proxies takes the second entry from the right; a short chain or a non-address gives null", async () => {
    const two = await withEnv("2");
    expect(two(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }))).toBe("203.0.113.7");
    expect(two(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBeNull();
    const one = await withEnv("1");
    expect(one(new Headers({ "x-forwarded-for": `1.1.1.1, ${"x".repeat(500)}` }))).toBeNull();
    expect(one(new Headers({ "x-forwarded-for": "" }))).toBeNull();
    expect(one(new Headers())).toBeNull();
    expect(one(undefined)).toBeNull();
    // An explicit hop count overrides the setting.
    expect(one(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.2" }), 2)).toBe("203.0.113.7");
  });

  it("refuses a LIFEBOAT_TRUST_PROXY that is not a hop count, naming the variable", async () => {
    for (const bad of ["true", "yes", "-1", "11", "1.5"]) {
      const clientIpFrom = await withEnv(bad);
      expect(() => clientIpFrom(new Headers()), bad).toThrow(/LIFEBOAT_TRUST_PROXY must be the number of reverse proxies/);
    }
  });

  it("behind the portal's server (server.ts) takes the address it set from the socket, and ignores the header otherwise", async () => {
    const clientIpFrom = await withEnv(undefined);
    const forged = new Headers({ [CLIENT_IP_HEADER]: "6.6.6.6", "x-forwarded-for": "7.7.7.7" });
    expect(clientIpFrom(forged)).toBeNull();
    (globalThis as Record<symbol, unknown>)[CLIENT_IP_HEADER_OWNER] = true;
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.2", "x-forwarded-for": "7.7.7.7" }))).toBe("127.0.0.2");
  });
});

describe("clientAddress (server.ts)", () => {
  it("is the socket's peer without a trusted proxy, whatever X-Forwarded-For says; IPv4-mapped addresses read as IPv4", () => {
    expect(clientAddress({ socketAddress: "::ffff:127.0.0.2", forwardedFor: ["1.1.1.1"], trustedHops: 0 })).toBe("127.0.0.2");
    expect(clientAddress({ socketAddress: "2001:db8::7", forwardedFor: [], trustedHops: 0 })).toBe("2001:db8::7");
    expect(clientAddress({ socketAddress: undefined, forwardedFor: [], trustedHops: 0 })).toBeNull();
  });

  it("with trusted proxies is the entry the outermost one appended, not the socket", () => {
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.7"], trustedHops: 1 })).toBe("203.0.113.7");
    expect(clientAddress({ socketAddress: "10.0.0.2", forwardedFor: [], trustedHops: 1 })).toBeNull();
  });
});
