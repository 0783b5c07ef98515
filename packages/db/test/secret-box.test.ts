import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../src/index.ts";

const secret = "a-test-secret-that-is-long-enough-0123456789";

describe("secret box", () => {
  it("round-trips and uses a fresh IV per encryption", () => {
    const a = encryptSecret("ibm-api-key-ÄÖ-123", secret);
    const b = encryptSecret("ibm-api-key-ÄÖ-123", secret);
    expect(a).not.toBe(b);
    expect(a).not.toContain("ibm-api-key");
    expect(decryptSecret(a, secret)).toBe("ibm-api-key-ÄÖ-123");
  });

  it("rejects a tampered ciphertext", () => {
    const raw = Buffer.from(encryptSecret("value", secret), "base64");
    raw[raw.length - 1]! ^= 0x01;
    expect(() => decryptSecret(raw.toString("base64"), secret)).toThrow(/stored value was altered/);
    expect(() => decryptSecret("AAAA", secret)).toThrow(/too short/);
  });

  it("rejects the wrong key without revealing either secret", () => {
    const stored = encryptSecret("value", secret);
    const other = "another-secret-that-is-long-enough-9876543210";
    expect(() => decryptSecret(stored, other)).toThrow(/LIFEBOAT_SECRET differs/);
    try {
      decryptSecret(stored, other);
    } catch (error) {
      expect(String(error)).not.toContain(other);
    }
  });

  it("fails clearly when LIFEBOAT_SECRET is missing or short", () => {
    expect(() => encryptSecret("value", "")).toThrow(/LIFEBOAT_SECRET is not set/);
    expect(() => encryptSecret("value", "short-secret")).toThrow(/too short \(12 characters\)/);
  });
});
