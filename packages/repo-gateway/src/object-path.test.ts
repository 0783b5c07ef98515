import { describe, expect, it } from "vitest";
import { authorize } from "./access.ts";
import { parseRestPath, PathError } from "./object-path.ts";

const id = "ab".repeat(32);

describe("parseRestPath", () => {
  it("accepts exactly the protocol's objects", () => {
    expect(parseRestPath("")).toEqual({ kind: "root" });
    expect(parseRestPath("/")).toEqual({ kind: "root" });
    expect(parseRestPath("/config")).toEqual({ kind: "config" });
    expect(parseRestPath("/locks/")).toEqual({ kind: "list", type: "locks" });
    expect(parseRestPath("/data")).toEqual({ kind: "list", type: "data" });
    expect(parseRestPath(`/snapshots/${id}`)).toEqual({ kind: "object", type: "snapshots", name: id });
  });

  it.each([
    ["/data/..", 400],
    ["/../config", 404],
    ["/data/%2e%2e", 400],
    [`/data/${id}/`, 400],
    [`/data/${id.toUpperCase()}`, 400],
    [`/data/${id}0`, 400],
    ["/config/x", 404],
    ["/tmp/", 404],
    ["data/x", 400],
    [`/data/${"a".repeat(300)}`, 400],
  ])("refuses %s with %i", (p, status) => {
    try {
      parseRestPath(p);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PathError);
      expect((err as PathError).status).toBe(status);
    }
  });
});

describe("authorize", () => {
  const obj = (type: "data" | "index" | "snapshots" | "keys" | "locks") => ({ kind: "object" as const, type, name: id });
  it("lets an agent read, create new data/index/snapshots/locks and delete only locks", () => {
    for (const t of ["data", "index", "snapshots", "locks"] as const) expect(authorize("append", "POST", obj(t))).toBeNull();
    expect(authorize("append", "POST", obj("keys"))?.status).toBe(403);
    for (const t of ["data", "index", "snapshots", "keys"] as const) expect(authorize("append", "DELETE", obj(t))?.status).toBe(403);
    expect(authorize("append", "DELETE", obj("locks"))).toBeNull();
    expect(authorize("append", "POST", { kind: "config" })?.status).toBe(403);
    expect(authorize("append", "DELETE", { kind: "config" })?.status).toBe(403);
    expect(authorize("append", "POST", { kind: "root" })?.status).toBe(403);
    expect(authorize("append", "GET", { kind: "list", type: "data" })).toBeNull();
  });
  it("gives a read credential nothing but reads and its own lock files", () => {
    expect(authorize("read", "GET", obj("data"))).toBeNull();
    expect(authorize("read", "HEAD", { kind: "config" })).toBeNull();
    expect(authorize("read", "POST", obj("locks"))).toBeNull();
    expect(authorize("read", "DELETE", obj("locks"))).toBeNull();
    for (const t of ["data", "index", "snapshots"] as const) expect(authorize("read", "POST", obj(t))?.message).toMatch(/read-only/);
  });
});
