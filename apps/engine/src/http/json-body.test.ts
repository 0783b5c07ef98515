import { describe, expect, it } from "vitest";
import { quoteUnsafeIntegers } from "./json-body.ts";

describe("quoteUnsafeIntegers", () => {
  it("keeps int64 ids beyond 2^53 exact as strings and leaves safe numbers alone", () => {
    const parsed = JSON.parse(quoteUnsafeIntegers('{"agentIDs":[9007199254740993,12],"x":1.5e3,"n":-9223372036854775807}')) as Record<string, unknown>;
    expect(parsed).toEqual({ agentIDs: ["9007199254740993", 12], x: 1500, n: "-9223372036854775807" });
  });

  it("does not touch digits inside strings, including escaped quotes", () => {
    const text = '{"name":"id \\" 9007199254740993","v":9007199254740993}';
    expect(JSON.parse(quoteUnsafeIntegers(text))).toEqual({ name: 'id " 9007199254740993', v: "9007199254740993" });
  });

  it("leaves fractions and exponents whole, however many digits follow the point", () => {
    // An agent's durationSecs, e.g. 2.9876543210987654: its fraction is not an unsafe integer.
    const text = '{"durationSecs":2.9876543210987654,"r":-0.12345678901234567e-5,"e":1E+20,"id":9007199254740993}';
    expect(JSON.parse(quoteUnsafeIntegers(text))).toEqual({ durationSecs: 2.9876543210987654, r: -0.12345678901234567e-5, e: 1e20, id: "9007199254740993" });
  });
});
