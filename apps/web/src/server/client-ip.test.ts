import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./client-ip.ts";

describe("clientIpFrom", () => {
  it("takes the original client from x-forwarded-for, in Headers or next-auth's plain object", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientIpFrom({ "x-forwarded-for": ["198.51.100.2"] })).toBe("198.51.100.2");
  });

  it("falls back to x-real-ip, then to nothing", () => {
    expect(clientIpFrom(new Headers({ "x-real-ip": "192.0.2.9" }))).toBe("192.0.2.9");
    expect(clientIpFrom(new Headers())).toBeNull();
    expect(clientIpFrom(undefined)).toBeNull();
  });

  it("bounds what it stores", () => {
    expect(clientIpFrom({ "x-forwarded-for": "x".repeat(500) })?.length).toBe(64);
  });
});
