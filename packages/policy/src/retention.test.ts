import { describe, expect, it } from "vitest";
import { extendedExpiryUsecs, newSnapshotRetention, snapshotRetention, type SnapshotFact } from "./retention.ts";
import type { ExtendedRule, PolicyLike } from "./types.ts";
import { PolicyUnitError } from "./units.ts";

// The engine's extended-retention tests; a snapshot falls on a rule when that rule alone extends it.
const fallsOnRule = (rule: ExtendedRule, s: SnapshotFact, earlier: SnapshotFact[], zone?: string) => extendedExpiryUsecs([rule], s, earlier, zone) !== null;

const DAY = 86_400_000_000n;
const snap = (iso: string, isFull = false): SnapshotFact => ({ timestampUsecs: BigInt(Date.parse(iso)) * 1000n, isFull });
/** Daily snapshots at 01:00 UTC from `from` for `n` days. */
const daily = (from: string, n: number) => Array.from({ length: n }, (_, i) => snap(new Date(Date.parse(from) + i * 86_400_000).toISOString()));

const weekly4: ExtendedRule = { schedule: { unit: "Weeks", frequency: 1 }, retention: { unit: "Weeks", duration: 4 } };

describe("extended retention", () => {
  it("keeps the first snapshot of each week for 4 weeks (daily backups)", () => {
    // 2026-11-02 is a Monday; 14 daily snapshots cover two weeks.
    const all = daily("2026-11-02T01:00:00Z", 14);
    const kept = all.filter((s, i) => fallsOnRule(weekly4, s, all.slice(0, i)));
    expect(kept.map((s) => new Date(Number(s.timestampUsecs / 1000n)).toISOString())).toEqual(["2026-11-02T01:00:00.000Z", "2026-11-09T01:00:00.000Z"]);
    expect(extendedExpiryUsecs([weekly4], all[0]!, [])).toBe(all[0]!.timestampUsecs + 28n * DAY);
    expect(extendedExpiryUsecs([weekly4], all[3]!, all.slice(0, 3))).toBeNull();
  });

  it("counts every N-th period from the object's first snapshot", () => {
    const all = daily("2026-11-02T01:00:00Z", 28); // four ISO weeks
    const every2: ExtendedRule = { schedule: { unit: "Weeks", frequency: 2 }, retention: { unit: "Months", duration: 3 } };
    const kept = all.filter((s, i) => fallsOnRule(every2, s, all.slice(0, i)));
    expect(kept.map((s) => new Date(Number(s.timestampUsecs / 1000n)).toISOString().slice(0, 10))).toEqual(["2026-11-02", "2026-11-16"]);
    expect(extendedExpiryUsecs([every2], all[14]!, all.slice(0, 14))).toBe(all[14]!.timestampUsecs + 90n * DAY);
  });

  it("keeps monthly and yearly firsts, and the longest matching rule wins", () => {
    const all = [snap("2026-10-30T01:00:00Z"), snap("2026-10-31T01:00:00Z"), snap("2026-11-01T01:00:00Z"), snap("2026-11-02T01:00:00Z")];
    const monthly: ExtendedRule = { schedule: { unit: "Months" }, retention: { unit: "Months", duration: 12 } };
    const yearly: ExtendedRule = { schedule: { unit: "Years" }, retention: { unit: "Years", duration: 7 } };
    expect(all.map((s, i) => fallsOnRule(monthly, s, all.slice(0, i)))).toEqual([true, false, true, false]);
    // The first snapshot of the object is also the year's first: 7 years beat 12 months.
    expect(extendedExpiryUsecs([monthly, yearly], all[0]!, [])).toBe(all[0]!.timestampUsecs + 7n * 365n * DAY);
    expect(extendedExpiryUsecs([monthly, yearly], all[2]!, all.slice(0, 2))).toBe(all[2]!.timestampUsecs + 360n * DAY);
  });

  it("reads calendar periods in the group's time zone", () => {
    // 2026-11-08T23:30Z is Sunday in UTC but Monday 08:30 in Tokyo: a new week there.
    const sunday = snap("2026-11-08T23:30:00Z");
    const earlier = [snap("2026-11-03T01:00:00Z")];
    expect(fallsOnRule(weekly4, sunday, earlier, "UTC")).toBe(false);
    expect(fallsOnRule(weekly4, sunday, earlier, "Asia/Tokyo")).toBe(true);
  });

  it("keeps every N-th run, and honours runType", () => {
    const runs: ExtendedRule = { schedule: { unit: "Runs", frequency: 3 }, retention: { unit: "Days", duration: 30 } };
    const all = daily("2026-11-02T01:00:00Z", 7);
    expect(all.map((s, i) => fallsOnRule(runs, s, all.slice(0, i)))).toEqual([true, false, false, true, false, false, true]);

    const fullOnly: ExtendedRule = { ...weekly4, runType: "Full" };
    const mixed = [snap("2026-11-02T01:00:00Z"), snap("2026-11-03T01:00:00Z", true), snap("2026-11-04T01:00:00Z", true)];
    // The week's first *full* snapshot is the 3rd of November's; incremental ones never match.
    expect(mixed.map((s, i) => fallsOnRule(fullOnly, s, mixed.slice(0, i)))).toEqual([false, true, false]);
    expect(fallsOnRule({ ...weekly4, runType: "Regular" }, mixed[0]!, [])).toBe(true);
    expect(fallsOnRule({ ...weekly4, runType: "Log" }, mixed[0]!, [])).toBe(false);
    expect(extendedExpiryUsecs(undefined, mixed[0]!, [])).toBeNull();
  });

  it("throws on an unknown unit instead of keeping a snapshot for NaN days", () => {
    const rule = { schedule: { unit: "Fortnights" }, retention: { unit: "Days", duration: 1 } };
    expect(() => extendedExpiryUsecs([rule], snap("2026-11-02T01:00:00Z"), [])).toThrow(PolicyUnitError);
    expect(() => extendedExpiryUsecs([{ ...weekly4, retention: { unit: "Decades", duration: 1 } }], snap("2026-11-02T01:00:00Z"), [])).toThrow(
      'unknown retention unit "Decades"',
    );
  });
});

describe("snapshot retention", () => {
  const policy = (regular: object, extra: object = {}): PolicyLike => ({ backupPolicy: { regular: regular as PolicyLike["backupPolicy"]["regular"] }, ...extra });
  const t = snap("2026-11-02T01:00:00Z").timestampUsecs;

  it("expires after the retention, locks for the DataLock period; full runs take fullBackups' retention", () => {
    const p = policy({
      retention: { unit: "Weeks", duration: 2, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 3 } },
      fullBackups: [{ schedule: { unit: "ProtectOnce" }, retention: { unit: "Years", duration: 1 } }],
    });
    expect(snapshotRetention(p, { timestampUsecs: t, isFull: false })).toEqual({ expiryTimeUsecs: t + 14n * DAY, dataLockUntilUsecs: t + 3n * DAY, dataLockMode: "Compliance" });
    expect(snapshotRetention(p, { timestampUsecs: t, isFull: true })).toEqual({ expiryTimeUsecs: t + 365n * DAY, dataLockUntilUsecs: null, dataLockMode: null });
    expect(snapshotRetention(policy({}), { timestampUsecs: t, isFull: false }).expiryTimeUsecs).toBeNull();
  });

  it("lets extended retention lengthen a new snapshot's expiry, never shorten it", () => {
    const p = policy({ retention: { unit: "Days", duration: 7 } }, { extendedRetention: [weekly4, { schedule: { unit: "Days" }, retention: { unit: "Days", duration: 1 } }] });
    expect(newSnapshotRetention(p, { timestampUsecs: t, isFull: false }, []).expiryTimeUsecs).toBe(t + 28n * DAY);
    const later = snap("2026-11-03T01:00:00Z");
    expect(newSnapshotRetention(p, later, [{ timestampUsecs: t, isFull: false }]).expiryTimeUsecs).toBe(later.timestampUsecs + 7n * DAY);
  });

  it("throws on an unknown DataLock unit instead of locking for one day", () => {
    const p = policy({ retention: { unit: "Days", duration: 7, dataLockConfig: { mode: "Compliance", unit: "Fortnights", duration: 1 } } });
    expect(() => snapshotRetention(p, { timestampUsecs: t, isFull: false })).toThrow(PolicyUnitError);
  });
});
