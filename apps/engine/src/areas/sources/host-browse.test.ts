import { describe, expect, it } from "vitest";
import { browsePathProblem } from "./host-browse.ts";

describe("browsePathProblem", () => {
  it("accepts absolute, normalised paths (a trailing slash is fine)", () => {
    for (const p of ["/", "/home", "/home/ann/", "/srv/data.d/x..y"]) expect(browsePathProblem(p)).toBeNull();
  });

  it("names what is wrong with any other path", () => {
    expect(browsePathProblem("")).toBe("path: must not be empty");
    expect(browsePathProblem("home")).toBe('path: must be absolute (start with /): "home"');
    expect(browsePathProblem("/home/../root")).toBe('path: must not contain "..": "/home/../root"');
    expect(browsePathProblem("/home/./ann")).toMatch(/^path: must be normalised/);
    expect(browsePathProblem("//etc")).toMatch(/^path: must be normalised/);
    expect(browsePathProblem("/a\0b")).toBe("path: must not contain a NUL character");
    expect(browsePathProblem(`/${"a".repeat(4096)}`)).toBe("path: at most 4096 characters");
  });
});
