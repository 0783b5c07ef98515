// The long enums of §E were transcribed by hand; §2–§9 state how many values each has.
import { describe, expect, it } from "vitest";
import * as e from "./enums.ts";

describe("§E enum transcriptions", () => {
  it.each([
    ["restore-points environment", e.RestorePointsEnvironmentSchema, 33],
    ["snapshot environment", e.SnapshotEnvironmentSchema, 35],
    ["objectActionKeys", e.ObjectActionKeySchema, 55],
    ["indexed-file source environments", e.IndexedFileSourceEnvironmentSchema, 28],
    ["recovery actions", e.RecoveryActionSchema, 44],
    ["snapshot actions", e.SnapshotActionSchema, 32],
    ["indexed object types", e.IndexedObjectTypeSchema, 16],
    ["run statuses", e.RunStatusSchema, 12],
    ["recovery statuses", e.RecoveryStatusSchema, 12],
  ] as const)("%s: as many values as §E lists, without duplicates", (_, schema, count) => {
    expect(schema.options).toHaveLength(count);
    expect(new Set(schema.options).size).toBe(count);
  });

  it("keeps the wire's exact spellings where contexts differ (§Q 12, §Q 13)", () => {
    expect(e.RunTypeSchema.options).toContain("kRegular");
    expect(e.RunTypeFilterSchema.options).toContain("kIncremental");
    expect(e.RunTypeFilterSchema.options).not.toContain("kRegular");
    expect(e.CopyRunTypeSchema.options).toContain("Regular");
    expect(e.LastRunStatusSchema.options).toContain("LegalHold");
    expect(e.RunStatusSchema.options).not.toContain("LegalHold");
    expect(e.RecoveryStatusSchema.options).not.toContain("Paused");
  });
});
