import { describe, expect, it } from "vitest";
import { isSlaViolated, slaMinutesFor } from "./sla.ts";

const MIN = 60_000_000n;
const spec = { sla: [{ backupRunType: "kIncremental", slaMinutes: 60 }, { backupRunType: "kFull", slaMinutes: 120 }] };

describe("run SLA", () => {
  it("reads the rule of the run's type (kRegular runs use the kIncremental rule; a forced full uses kFull)", () => {
    expect(slaMinutesFor(spec, "kRegular")).toBe(60);
    expect(slaMinutesFor(spec, "kFull")).toBe(120);
    expect(slaMinutesFor(spec, "kRegular", true)).toBe(120);
    expect(slaMinutesFor({ sla: [{ backupRunType: "kFull", slaMinutes: 0 }] }, "kFull")).toBeNull();
    expect(slaMinutesFor({}, "kRegular")).toBeNull();
    expect(slaMinutesFor(null, "kRegular")).toBeNull();
  });

  it("is violated when the run took longer than its minutes, finished or still going", () => {
    const start = 1_000n * MIN;
    expect(isSlaViolated(spec, { runType: "kRegular", startTimeUsecs: start, endTimeUsecs: start + 60n * MIN }, start + 500n * MIN)).toBe(false);
    expect(isSlaViolated(spec, { runType: "kRegular", startTimeUsecs: start, endTimeUsecs: start + 61n * MIN }, start + 61n * MIN)).toBe(true);
    expect(isSlaViolated(spec, { runType: "kFull", startTimeUsecs: start, endTimeUsecs: start + 90n * MIN }, start + 90n * MIN)).toBe(false);
    expect(isSlaViolated(spec, { runType: "kRegular", startTimeUsecs: start, endTimeUsecs: null }, start + 30n * MIN)).toBe(false);
    expect(isSlaViolated(spec, { runType: "kRegular", startTimeUsecs: start, endTimeUsecs: null }, start + 61n * MIN)).toBe(true);
    expect(isSlaViolated({}, { runType: "kRegular", startTimeUsecs: start, endTimeUsecs: null }, start + 10_000n * MIN)).toBe(false);
  });
});
