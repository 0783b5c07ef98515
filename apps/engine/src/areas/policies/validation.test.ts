import { describe, expect, it } from "vitest";
import { retentionDays, validatePolicy, type PolicySpec } from "./validation.ts";

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
    rejects((p) => (p.backupPolicy.regular.incremental!.schedule = { unit: "Minutes", minuteSchedule: { frequency: 0 } }), /frequency: must be an integer from 1/);
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
    rejects((p) => (p.backupPolicy.regular.retention = { unit: "Days", duration: 0 }), /duration: must be a positive integer/);
    rejects(
      (p) => (p.backupPolicy.regular.retention = { unit: "Weeks", duration: 1, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 8 } }),
      /lock period \(8 Days\) is longer than the retention \(1 Weeks\)/,
    );
    const ok = base();
    ok.backupPolicy.regular.retention = { unit: "Weeks", duration: 1, dataLockConfig: { mode: "Administrative", unit: "Days", duration: 7 } };
    expect(() => validatePolicy(ok)).not.toThrow();
    expect(retentionDays({ unit: "Years", duration: 2 })).toBe(730);
  });

  it("blackout windows, extended retention and retry options are range-checked", () => {
    rejects((p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 60 }, endTime: { hour: 10, minute: 0 } }]), /blackoutWindow\[0\]\.startTime\.minute/);
    rejects((p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 0 }, endTime: { hour: 9, minute: 0 } }]), /empty window/);
    rejects(
      (p) => (p.blackoutWindow = [{ day: "Monday", startTime: { hour: 9, minute: 0, timeZone: "Mars/Olympus" }, endTime: { hour: 10, minute: 0 } }]),
      /not an IANA time zone/,
    );
    rejects((p) => (p.extendedRetention = [{ schedule: { unit: "Runs", frequency: 0 }, retention: { unit: "Days", duration: 1 } }]), /extendedRetention\[0\]\.schedule\.frequency/);
    rejects((p) => (p.retryOptions = { retries: -1 }), /retryOptions.retries/);
    rejects((p) => (p.retryOptions = { retryIntervalMins: 0 }), /retryOptions.retryIntervalMins/);
  });
});
