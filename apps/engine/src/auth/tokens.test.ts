import { describe, expect, it } from "vitest";
import { sha256Hex, signAccessToken, verifyAccessToken } from "./tokens.ts";

const claims = { jti: "j1", sub: "key1", tenant: "t/", iat: 1_700_000_000, exp: 1_700_003_600 };

describe("access tokens", () => {
  it("round-trips claims signed with the same secret", () => {
    const token = signAccessToken(claims, "secret-one");
    expect(token.split(".")).toHaveLength(3);
    expect(verifyAccessToken(token, "secret-one")).toMatchObject(claims);
  });

  it("rejects another secret, a tampered payload and garbage", () => {
    const token = signAccessToken(claims, "secret-one");
    expect(verifyAccessToken(token, "secret-two")).toBeNull();
    const [h, , s] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, tenant: "other/" })).toString("base64url");
    expect(verifyAccessToken(`${h}.${forged}.${s}`, "secret-one")).toBeNull();
    expect(verifyAccessToken("not-a-jwt", "secret-one")).toBeNull();
  });

  it("hashes API keys one-way and deterministically", () => {
    expect(sha256Hex("k")).toBe(sha256Hex("k"));
    expect(sha256Hex("k")).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex("k")).not.toContain("k-");
  });
});
