import { describe, expect, it } from "vitest";
import { runRetentionChanges } from "./gather.ts";

const LOCK = "Compliance until 2027-01-01T00:00:00.000Z";
const base = { held: ["7:100"], locks: { "7:100": LOCK }, newestStartUsecs: 300 };

describe("runRetentionChanges", () => {
  it("names holds set and released, and DataLocks set on a run that was there or changed", () => {
    expect(runRetentionChanges(base, { held: ["7:200"], locks: { "7:100": LOCK, "7:200": "Compliance until 2027-02-01T00:00:00.000Z" }, newestStartUsecs: 300 })).toEqual([
      { text: "legal hold set on run 7:200", runIds: ["7:200"] },
      { text: "legal hold released from run 7:100", runIds: ["7:100"] },
      { text: "DataLock of run 7:200 set to Compliance until 2027-02-01T00:00:00.000Z", runIds: ["7:200"] },
    ]);
    expect(runRetentionChanges(base, { ...base, locks: { "7:100": "Compliance until 2027-03-01T00:00:00.000Z" } })).toEqual([
      { text: "DataLock of run 7:100 changed to Compliance until 2027-03-01T00:00:00.000Z", runIds: ["7:100"] },
    ]);
  });

  it("says nothing of a new run that comes with its policy's DataLock, nor of a lock that left the list (a held run that left it is released)", () => {
    expect(runRetentionChanges(base, { held: ["7:100"], locks: { "7:100": LOCK, "7:400": LOCK }, newestStartUsecs: 400 })).toEqual([]);
    expect(runRetentionChanges(base, { held: [], locks: {}, newestStartUsecs: 500 })).toEqual([{ text: "legal hold released from run 7:100", runIds: ["7:100"] }]);
  });
});
