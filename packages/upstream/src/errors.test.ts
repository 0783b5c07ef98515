import { describe, expect, it } from "vitest";
import { parseErrorBody, retryAfterFrom, UpstreamError } from "./errors.ts";
import type * as ErrorsModule from "./errors.ts";

describe("UpstreamError", () => {
  it("is recognised by instanceof across two copies of this module (bundlers may load it twice)", async () => {
    // The query makes Vite load a second, separate instance of the module, as a second bundle would.
    const secondCopy = "./errors.ts?second-copy";
    const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof ErrorsModule;
    expect(copy.UpstreamError).not.toBe(UpstreamError);
    const fromCopy = new copy.UpstreamError({ status: 409, code: "Conflict", message: "a run is already active" });
    expect(fromCopy instanceof UpstreamError).toBe(true);
    expect(new UpstreamError({ status: 404, code: "NotFound", message: "gone" }) instanceof copy.UpstreamError).toBe(true);
    expect(new Error("plain") instanceof UpstreamError).toBe(false);
    expect(Object.create(Error.prototype) instanceof UpstreamError).toBe(false);
  });
});

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
