import { describe, expect, it } from "vitest";
import { policySentence } from "./sentence.ts";
import type { PolicyLike } from "./types.ts";

const policy = (regular: object, extra: object = {}): PolicyLike => ({ backupPolicy: { regular: regular as PolicyLike["backupPolicy"]["regular"] }, ...extra });
const keep14 = { unit: "Days", duration: 14 };

describe("policySentence", () => {
  it("says the schedule and retention in plain language", () => {
    expect(policySentence(policy({ incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 4 } } }, retention: keep14 }))).toBe("every 4 hours, keep 14 days");
    expect(policySentence(policy({ incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Weeks", duration: 1 } }))).toBe(
      "every day, keep 1 week",
    );
    expect(policySentence(policy({ incremental: { schedule: { unit: "Months", monthSchedule: { dayOfWeek: ["Friday"], weekOfMonth: "Last" } } }, retention: keep14 }))).toBe(
      "on the last Friday of every month, keep 14 days",
    );
    expect(policySentence(policy({ incremental: { schedule: { unit: "Months", monthSchedule: { dayOfMonth: 22 } } } }))).toBe("on the 22nd of every month, no retention set");
  });

  it("adds full schedules, DataLock, extended retention, blackouts and retries when set", () => {
    const text = policySentence(
      policy(
        {
          incremental: { schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Wednesday"] } } },
          full: { schedule: { unit: "Months", monthSchedule: { dayOfMonth: 1 } } },
          retention: { unit: "Months", duration: 2, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 30 } },
        },
        {
          extendedRetention: [
            { schedule: { unit: "Weeks", frequency: 1 }, retention: { unit: "Months", duration: 3 } },
            { schedule: { unit: "Runs", frequency: 10 }, retention: { unit: "Years", duration: 1 }, runType: "Full" },
          ],
          blackoutWindow: [
            { day: "Saturday", startTime: { hour: 22, minute: 0 }, endTime: { hour: 6, minute: 0 } },
            { day: "Monday", startTime: { hour: 9, minute: 0, timeZone: "Europe/Berlin" }, endTime: { hour: 17, minute: 30 } },
          ],
          retryOptions: { retries: 2, retryIntervalMins: 15 },
        },
      ),
    );
    expect(text).toBe(
      "every Mon, Wed, keep 2 months, full backup on the 1st of every month, locked for 30 days (Compliance), keep weekly for 3 months, " +
        "keep full one every 10 runs for 1 year, no new runs Sat 22:00–06:00 UTC, no new runs Mon 09:00–17:30 Europe/Berlin, retry 2 times, 15 minutes apart",
    );
  });

  it("reads ProtectOnce as a single backup, and a policy without schedule as such", () => {
    expect(policySentence(policy({ full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Years", duration: 1 } }))).toBe("one backup, keep 1 year");
    expect(policySentence(policy({ fullBackups: [{ schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Sunday"] } }, retention: keep14 }] }))).toBe(
      "full backup every Sunday, keep 14 days",
    );
    expect(policySentence(policy({}))).toBe("no schedule, no retention set");
  });
});
