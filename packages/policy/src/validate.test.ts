import { describe, expect, it } from "vitest";
import { formatIssue, policyIssues } from "./validate.ts";
import { PolicyUnitError, retentionDays } from "./units.ts";
import type { PolicyLike } from "./types.ts";

// The engine's validation tests, unchanged but for this adapter: it throws the issues joined as
// the engine words its 400 ("path: message; …").
type PolicySpec = PolicyLike & { name: string };
const validatePolicy = (p: PolicySpec) => {
  const issues = policyIssues(p);
  if (issues.length) throw new Error(issues.map(formatIssue).join("; "));
};

const base = (): PolicySpec => ({
  name: "p",
  backupPolicy: {
    regular: {
      incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } },
      retention: { unit: "Days", duration: 14 },
    },
  },
});

const rejects = (mutate: (p: PolicySpec) => void, message: RegExp) => {
  const p = base();
  mutate(p);
  expect(() => validatePolicy(p)).toThrow(message);
};

describe("validatePolicy", () => {
  it("accepts the §R minimal policy and every incremental unit with its block", () => {
    expect(() => validatePolicy(base())).not.toThrow();
    const blocks = {
      Minutes: { minuteSchedule: { frequency: 15 } },
      Hours: { hourSchedule: { frequency: 4 } },
      Weeks: { weekSchedule: { dayOfWeek: ["Monday", "Friday"] } },
      Months: { monthSchedule: { dayOfMonth: 1 } },
      Years: { yearSchedule: { dayOfYear: "Last" } },
    };
    for (const [unit, block] of Object.entries(blocks)) {
      const p = base();
      p.backupPolicy.regular.incremental = { schedule: { unit, ...block } };
      expect(() => validatePolicy(p), unit).not.toThrow();
    }
  });

  it("requires the schedule block that matches the unit, and only that one", () => {
    rejects((p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Hours", daySchedule: { frequency: 1 } }), /hourSchedule: required when unit is Hours/);
    rejects(
      (p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Days", daySchedule: { frequency: 1 }, hourSchedule: { frequency: 2 } }),
      /hourSchedule: not allowed when unit is Days/,
    );
    rejects((p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Minutes", minuteSchedule: { frequency: 0 } }), /frequency: must be a whole number from 1 to 1440, got 0/);
    rejects((p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Weeks", weekSchedule: { dayOfWeek: [] } }), /dayOfWeek: name at least one day/);
    rejects((p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Months", monthSchedule: {} }), /either dayOfMonth or dayOfWeek/);
  });

  it("full schedules: ProtectOnce needs no block, Minutes is not a full unit, full and fullBackups exclude each other", () => {
    const once = base();
    once.backupPolicy.regular = { full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Years", duration: 7 } };
    expect(() => validatePolicy(once)).not.toThrow();
    rejects((p) => (p.backupPolicy.regular.full = { schedule: { unit: "Minutes", minuteSchedule: { frequency: 5 } } }), /full.schedule.unit: Minutes is not allowed/);
    rejects((p) => {
      p.backupPolicy.regular.full = { schedule: { unit: "ProtectOnce" } };
      p.backupPolicy.regular.fullBackups = [{ schedule: { unit: "ProtectOnce" }, retention: { unit: "Days", duration: 1 } }];
    }, /either full or fullBackups/);
    rejects((p) => (p.backupPolicy.regular = {}), /give an incremental schedule/);
  });

  it("retention must be positive and present; a DataLock cannot outlast it", () => {
    rejects((p) => delete p.backupPolicy.regular.retention, /retention: required/);
    rejects((p) => (p.backupPolicy.regular.retention = { unit: "Days", duration: 0 }), /duration: must be a whole number from 1 to 100000, got 0/);
    rejects(
      (p) => (p.backupPolicy.regular.retention = { unit: "Weeks", duration: 1, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 8 } }),
      /lock \(8 days\) is longer than the retention \(1 week\)/,
    );
    const ok = base();
    ok.backupPolicy.regular.retention = { unit: "Weeks", duration: 1, dataLockConfig: { mode: "Administrative", unit: "Days", duration: 7 } };
    expect(() => validatePolicy(ok)).not.toThrow();
    expect(retentionDays({ unit: "Years", duration: 2 })).toBe(730);
  });

  it("blackout windows, extended retention and retry options are range-checked", () => {
    rejects((p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 60 }, endTime: { hour: 10, minute: 0 } }]), /blackoutWindow\[0\]\.startTime\.minute/);
    rejects((p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 0 }, endTime: { hour: 9, minute: 0 } }]), /equals startTime \(an empty window\)/);
    rejects(
      (p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 0, timeZone: "Mars/Olympus" }, endTime: { hour: 10, minute: 0 } }]),
      /not an IANA time zone/,
    );
    rejects((p) => (p.extendedRetention = [{ schedule: { unit: "Runs", frequency: 0 }, retention: { unit: "Days", duration: 1 } }]), /extendedRetention\[0\]\.schedule\.frequency/);
    rejects((p) => (p.retryOptions = { retries: -1 }), /retryOptions.retries/);
    rejects((p) => (p.retryOptions = { retryIntervalMins: 0 }), /retryOptions.retryIntervalMins/);
  });
});

describe("policyIssues", () => {
  it("names each failing field by its path and reports every problem at once", () => {
    const p = base();
    p.backupPolicy.regular.incremental = { schedule: { unit: "Hours", hourSchedule: { frequency: 721 } } };
    p.backupPolicy.regular.retention = { unit: "Days", duration: 14, dataLockConfig: { mode: "Compliance", unit: "Weeks", duration: 3 } };
    p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 0 }, endTime: { hour: 9, minute: 0 } }];
    expect(policyIssues(p)).toEqual([
      { path: ["backupPolicy", "regular", "incremental", "schedule", "hourSchedule", "frequency"], message: "must be a whole number from 1 to 720, got 721" },
      {
        path: ["backupPolicy", "regular", "retention", "dataLockConfig", "duration"],
        message: "the lock (3 weeks) is longer than the retention (14 days): a locked snapshot could not be deleted when its retention ends",
      },
      { path: ["blackoutWindow", 0, "endTime"], message: "equals startTime (an empty window)" },
    ]);
    expect(formatIssue(policyIssues(p)[2]!)).toBe("blackoutWindow[0].endTime: equals startTime (an empty window)");
  });

  it("accepts a DataLock exactly as long as the retention (4 weeks = 28 days)", () => {
    const p = base();
    p.backupPolicy.regular.retention = { unit: "Days", duration: 28, dataLockConfig: { mode: "Compliance", unit: "Weeks", duration: 4 } };
    expect(policyIssues(p)).toEqual([]);
  });

  it("reports an unknown unit as an issue at that field, never as a number", () => {
    const p = base();
    p.backupPolicy.regular.retention = { unit: "Decades", duration: 1, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 1 } };
    p.extendedRetention = [{ schedule: { unit: "Fortnights" }, retention: { unit: "Days", duration: 1 } }];
    expect(policyIssues(p).map(formatIssue)).toEqual([
      "backupPolicy.regular.retention.unit: expected Days|Weeks|Months|Years, got Decades",
      "extendedRetention[0].schedule.unit: expected Runs|Hours|Days|Weeks|Months|Years, got Fortnights",
    ]);
    expect(() => retentionDays({ unit: "Decades", duration: 1 })).toThrow(PolicyUnitError);
    expect(() => retentionDays({ unit: "Decades", duration: 1 })).toThrow('unknown retention unit "Decades" (expected one of Days|Weeks|Months|Years)');
  });
});
