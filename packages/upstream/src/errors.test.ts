import { describe, expect, it } from "vitest";
import { parseErrorBody, retryAfterFrom } from "./errors.ts";

describe("parseErrorBody (reference §0.6)", () => {
  it("prefers errors[0] of the IBM container, then error, message, errorMessage", () => {
    expect(parseErrorBody(JSON.stringify({ errors: [{ code: "c1", message: "m1" }], message: "m2" }))).toEqual({ code: "c1", message: "m1" });
    expect(parseErrorBody(JSON.stringify({ error: "e1", message: "m2" }))).toMatchObject({ message: "e1" });
    expect(parseErrorBody(JSON.stringify({ errorCode: "KNotFound", errorMessage: "gone" }))).toEqual({ code: "KNotFound", message: "gone" });
  });

  it("ignores bodies that are not JSON objects", () => {
    expect(parseErrorBody("<html>502 Bad Gateway</html>")).toEqual({});
    expect(parseErrorBody('"just a string"')).toEqual({});
    expect(parseErrorBody("")).toEqual({});
  });
});

describe("retryAfterFrom", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterFrom(new Headers({ "retry-after": "7" }), now)).toBe(7);
    expect(retryAfterFrom(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30);
    expect(retryAfterFrom(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterFrom(new Headers(), now)).toBeUndefined();
  });
});
