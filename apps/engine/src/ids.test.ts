import { describe, expect, it } from "vitest";
import { formatColonId, nextStamp, nowUsecs, parseColonId, parseInt64, randomInt64Above2Pow53 } from "./ids.ts";

const cluster = { clusterId: 123n, incarnationId: 11n };

describe("wire ids", () => {
  it("colon ids round-trip and foreign or malformed ones are rejected", () => {
    expect(formatColonId(cluster, 7n)).toBe("123:11:7");
    expect(parseColonId(cluster, "123:11:7")).toBe(7n);
    expect(parseColonId(cluster, "124:11:7")).toBeNull();
    expect(parseColonId(cluster, "123:11")).toBeNull();
    expect(parseColonId(cluster, "123:11:99999999999999999999")).toBeNull();
  });

  it("connection ids exceed 2^53 and parse back exactly as strings", () => {
    for (let i = 0; i < 50; i++) {
      const id = randomInt64Above2Pow53();
      expect(id >= 2n ** 53n && id < 2n ** 63n).toBe(true);
      expect(parseInt64(id.toString())).toBe(id);
    }
    expect(parseInt64("9223372036854775808")).toBeNull();
    expect(parseInt64("12a")).toBeNull();
  });
});

describe("concurrency stamps", () => {
  it("always move forward, even within the same millisecond or after a clock step back", () => {
    const future = nowUsecs() + 10_000_000n;
    expect(nextStamp(future)).toBe(future + 1n);
    const past = nowUsecs() - 1_000n;
    expect(nextStamp(past) > past).toBe(true);
  });
});
