import { describe, expect, it } from "vitest";
import { EMPTY_POLICY_FORM, fromPolicy, policyFormSchema, toPolicyRequest, type PolicyFormValues } from "./policy-form-model.ts";
import { policySentence } from "./policy-sentence.ts";
import { retentionPreview } from "./retention-preview.ts";

const form = (patch: Partial<PolicyFormValues>): PolicyFormValues => ({ ...EMPTY_POLICY_FORM, name: "p", ...patch });
const sentenceOf = (patch: Partial<PolicyFormValues>) => policySentence(toPolicyRequest(form(patch)));
// A Monday, midnight UTC.
const START = new Date("2026-01-05T00:00:00Z");

describe("policySentence", () => {
  it("says the schedule and retention in plain language", () => {
    expect(sentenceOf({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 4 }, retries: 0 })).toBe("every 4 hours, keep 14 days");
    expect(sentenceOf({ retention: { unit: "Weeks", duration: 1 }, retries: 0 })).toBe("every day, keep 1 week");
  });

  it("adds full schedules, DataLock, extended retention, blackouts and retries when set", () => {
    const text = sentenceOf({
      incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Weeks", days: ["Monday", "Wednesday"] },
      full: { ...EMPTY_POLICY_FORM.full, unit: "Months", dayOfMonth: 1 },
      retention: { unit: "Months", duration: 2 },
      dataLock: { enabled: true, mode: "Compliance", unit: "Days", duration: 30 },
      extended: [{ unit: "Weeks", frequency: 1, retentionUnit: "Months", retentionDuration: 3 }],
      blackouts: [{ day: "Saturday", start: "22:00", end: "06:00" }],
      retries: 2,
      retryIntervalMins: 15,
    });
    expect(text).toBe(
      "every Mon, Wed, keep 2 months, full backup on the 1st of every month, locked for 30 days (Compliance), keep weekly for 3 months, no new runs Sat 22:00–06:00, retry 2 times, 15 minutes apart",
    );
  });

  it("reads ProtectOnce as a single backup", () => {
    expect(policySentence({ backupPolicy: { regular: { full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Years", duration: 1 } } } })).toBe(
      "one backup, keep 1 year",
    );
  });
});

describe("policy form", () => {
  it("refuses a DataLock longer than the retention, on the lock field", () => {
    const result = policyFormSchema.safeParse(form({ retention: { unit: "Days", duration: 14 }, dataLock: { enabled: true, mode: "Compliance", unit: "Weeks", duration: 3 } }));
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join(".") === "dataLock.duration");
    expect(issue?.message).toContain("must not outlast the retention (14 days)");
  });

  it("round-trips a policy and keeps fields the editor does not show", () => {
    const values = form({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 6 }, blackouts: [{ day: "Sunday", start: "01:00", end: "03:30" }] });
    const request = toPolicyRequest(values);
    expect(request.backupPolicy.regular.incremental?.schedule).toEqual({ unit: "Hours", hourSchedule: { frequency: 6 } });
    expect(fromPolicy({ ...request, id: "1:2:3" })).toEqual(values);
    const base = { ...request, id: "1:2:3", lastModificationTimeUsecs: 42, isCBSEnabled: true };
    const again = toPolicyRequest({ ...values, name: "renamed" }, base);
    expect(again).toMatchObject({ name: "renamed", lastModificationTimeUsecs: 42, isCBSEnabled: true });
    expect(again).not.toHaveProperty("id");
  });
});

describe("retentionPreview", () => {
  it("daily, keep 14 days: 91 snapshots taken, 14 kept from day 13 on", () => {
    const p = retentionPreview(form({}), START);
    expect(p.taken).toBe(91);
    expect(p.points[0]?.count).toBe(1);
    expect(p.points[12]?.count).toBe(13);
    expect(p.points[13]?.count).toBe(14);
    expect(p.atEnd).toBe(14);
    expect(p.peak).toBe(14);
    expect(p.keptUntil?.toISOString()).toBe("2026-04-19T00:00:00.000Z"); // day 90 + 14 days
  });

  it("every 4 hours, keep 14 days: 84 at steady state", () => {
    const p = retentionPreview(form({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 4 } }), START);
    expect(p.taken).toBe(90 * 6 + 1);
    expect(p.atEnd).toBe(84);
  });

  it("weekly on Monday, keep 1 month, plus one monthly kept for 1 year", () => {
    const p = retentionPreview(
      form({
        incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Weeks", days: ["Monday"] },
        retention: { unit: "Months", duration: 1 },
        extended: [{ unit: "Months", frequency: 1, retentionUnit: "Years", retentionDuration: 1 }],
      }),
      START,
    );
    // Mondays from Jan 5 to Apr 5: Jan 5,12,19,26, Feb 2,9,16,23, Mar 2,9,16,23,30 = 13.
    expect(p.taken).toBe(13);
    // At Apr 5: Mar 9, 16, 23, 30 are within their month; Jan 5, Feb 2 and Mar 2 (the first of
    // each month) are kept for the year.
    expect(p.atEnd).toBe(4 + 3);
    expect(p.keptUntil?.toISOString()).toBe("2027-03-02T00:00:00.000Z");
  });

  it("skips runs in blackout windows, including windows past midnight", () => {
    const hourly = form({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 1 }, retention: { unit: "Days", duration: 1 } });
    const open = retentionPreview(hourly, START, 7);
    const blocked = retentionPreview({ ...hourly, blackouts: [{ day: "Monday", start: "22:00", end: "02:00" }] }, START, 7);
    // Monday 22:00–01:00 (4 runs) every week: Jan 5 only within 7 days; Jan 12 00:00 is the end instant, a Monday, not in the window.
    expect(open.taken - blocked.taken).toBe(4);
  });

  it("ProtectOnce keeps exactly one snapshot until its retention ends", () => {
    const p = retentionPreview(
      form({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Days", frequency: 365 }, full: { ...EMPTY_POLICY_FORM.full, unit: "ProtectOnce" }, retention: { unit: "Weeks", duration: 2 } }),
      START,
    );
    expect(p.taken).toBe(1);
    expect(p.points[13]?.count).toBe(1);
    expect(p.points[14]?.count).toBe(0);
    expect(p.keptUntil).toBeNull();
  });
});
