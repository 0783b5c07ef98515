import { describe, expect, it } from "vitest";
import { policySentence } from "@lifeboat/policy";
import { EMPTY_POLICY_FORM, fromPolicy, policyFormField, policyFormSchema, toPolicyRequest, type PolicyFormValues } from "./policy-form-model.ts";

const form = (patch: Partial<PolicyFormValues>): PolicyFormValues => ({ ...EMPTY_POLICY_FORM, name: "p", ...patch });
const issuesOf = (patch: Partial<PolicyFormValues>) =>
  Object.fromEntries((policyFormSchema.safeParse(form(patch)).error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("policy form", () => {
  it("refuses a DataLock longer than the retention, on the lock field (the policy model's rule)", () => {
    expect(issuesOf({ retention: { unit: "Days", duration: 14 }, dataLock: { enabled: true, mode: "Compliance", unit: "Weeks", duration: 3 } })).toEqual({
      "dataLock.duration": "the lock (3 weeks) is longer than the retention (14 days): a locked snapshot could not be deleted when its retention ends",
    });
    expect(issuesOf({ retention: { unit: "Days", duration: 28 }, dataLock: { enabled: true, mode: "Compliance", unit: "Weeks", duration: 4 } })).toEqual({});
  });

  it("puts each policy-model problem on the editor field it comes from", () => {
    expect(
      issuesOf({
        incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 721 },
        full: { ...EMPTY_POLICY_FORM.full, unit: "Weeks", days: [] },
        retention: { unit: "Days", duration: 0 },
        blackouts: [{ day: "Monday", start: "09:00", end: "09:00" }],
        extended: [{ unit: "Weeks", frequency: 1001, retentionUnit: "Days", retentionDuration: 1 }],
        retries: 101,
      }),
    ).toEqual({
      "incremental.frequency": "must be a whole number from 1 to 720, got 721",
      "full.days": "name at least one day",
      "retention.duration": "must be a whole number from 1 to 100000, got 0",
      "blackouts.0.end": "equals startTime (an empty window)",
      "extended.0.frequency": "must be a whole number from 1 to 1000, got 1001",
      "retries": "must be 0..100, got 101",
    });
    expect(policyFormField("blackoutWindow[2].startTime.hour")).toBe("blackouts.2.start");
    expect(policyFormField("backupPolicy.log.schedule.unit")).toBeNull();
  });

  it("reads the form back as the same sentence the BFF gives the saved policy", () => {
    expect(policySentence(toPolicyRequest(form({ incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 4 }, retries: 0 })))).toBe("every 4 hours, keep 14 days");
  });

  it("round-trips a policy and keeps fields the editor does not show", () => {
    const values = form({
      incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 6 },
      blackouts: [{ day: "Sunday", start: "01:00", end: "03:30" }, { day: "Monday", start: "09:00", end: "17:00", timeZone: "Europe/Berlin" }],
    });
    const request = toPolicyRequest(values);
    expect(request.backupPolicy.regular.incremental?.schedule).toEqual({ unit: "Hours", hourSchedule: { frequency: 6 } });
    // A window's own time zone survives the round trip.
    expect(request.blackoutWindow?.[1]?.startTime).toEqual({ hour: 9, minute: 0, timeZone: "Europe/Berlin" });
    expect(fromPolicy({ ...request, id: "1:2:3" })).toEqual(values);
    const base = { ...request, id: "1:2:3", lastModificationTimeUsecs: 42, isCBSEnabled: true };
    const again = toPolicyRequest({ ...values, name: "renamed" }, base);
    expect(again).toMatchObject({ name: "renamed", lastModificationTimeUsecs: 42, isCBSEnabled: true });
    expect(again).not.toHaveProperty("id");
  });
});
