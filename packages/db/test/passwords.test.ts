import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../src/index.ts";

describe("password hashing", () => {
  it("hashes with argon2id, salted, and verifies only the right password", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery");
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "correct horse battery")).toBe(true);
    expect(await verifyPassword(first, "correct horse batterz")).toBe(false);
  });

  it("refuses short passwords and swapped arguments", async () => {
    await expect(hashPassword("short")).rejects.toThrow(/at least 8/);
    const stored = await hashPassword("correct horse battery");
    await expect(verifyPassword("correct horse battery", stored)).rejects.toThrow(/first argument is not an argon2 hash/);
  });
});
