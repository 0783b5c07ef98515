import { describe, expect, it } from "vitest";
import { formatZodIssues } from "./format-zod-issues.ts";
import { operations } from "./operations.ts";
import { decodeWireParams, encodeQuery, fillPath, matchPath } from "./wire-params.ts";

describe("query and path strings on the wire (§0.4, §Q 14)", () => {
  it("encodes arrays as one comma-joined value and skips undefined", () => {
    const params = encodeQuery({ ids: ["1:2:3", "1:2:4"], includeLastRunInfo: true, numRuns: 5, names: undefined });
    expect(params.toString()).toBe("ids=1%3A2%3A3%2C1%3A2%3A4&includeLastRunInfo=true&numRuns=5");
  });

  it("decodes what a server receives back into the typed query the strict schema accepts", () => {
    const op = operations.getProtectionGroups;
    const raw = new URLSearchParams("ids=1:2:3,1:2:4&sourceIds=17,18&includeLastRunInfo=true&environments=kPhysical");
    const query = op.query.parse(decodeWireParams(op.query, raw));
    expect(query).toEqual({ ids: ["1:2:3", "1:2:4"], sourceIds: [17, 18], includeLastRunInfo: true, environments: ["kPhysical"] });
  });

  it("round-trips a query through encode and decode", () => {
    const op = operations.getProtectionGroupRuns;
    const query = { runTypes: ["kFull" as const, "kLog" as const], numRuns: 3, startTimeUsecs: 1_709_812_345_678_901, excludeNonRestorableRuns: false };
    expect(op.query.parse(decodeWireParams(op.query, encodeQuery(query)))).toEqual(query);
  });

  it("leaves bad values and unknown parameters for the schema to name", () => {
    const op = operations.getProtectionGroupRuns;
    const result = op.query.safeParse(decodeWireParams(op.query, new URLSearchParams("numRuns=many&isPaused=yes&colour=red")));
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error!, "query").split("; ").sort()).toEqual([
      "query.colour: unknown field",
      "query.isPaused: unknown field",
      'query.numRuns: expected an integer, got "many"',
    ]);
  });

  it("decodes int64 path ids and keeps string ids as strings, even when numeric beyond 2^53", () => {
    const reg = operations.getProtectionSourceRegistration.pathParams;
    expect(reg.parse(decodeWireParams(reg, { id: "12" }))).toEqual({ id: 12 });
    const conn = operations.deleteDataSourceConnection.pathParams;
    expect(conn.parse(decodeWireParams(conn, { connectionId: "9007199254740993" }))).toEqual({ connectionId: "9007199254740993" });
  });

  it("fills and matches path templates, keeping colons readable", () => {
    const path = fillPath(operations.getProtectionGroupRuns.path, { id: "1:2:3" });
    expect(path).toBe("/data-protect/protection-groups/1:2:3/runs");
    expect(matchPath(operations.getProtectionGroupRuns.path, path)).toEqual({ id: "1:2:3" });
    expect(matchPath(operations.getProtectionGroupByID.path, path)).toBeNull();
    expect(fillPath("/data-protect/snapshots/{snapshotsId}/download-file", { snapshotsId: "a/b" })).toBe(
      "/data-protect/snapshots/a%2Fb/download-file",
    );
    expect(() => fillPath("/data-protect/policies/{id}", {})).toThrow('path parameter "id" is missing');
  });
});
