// @vitest-environment happy-dom
// The retention preview as the editor shows it: the figures spelled out above the chart (the chart
// itself is decoration, aria-hidden), computed from the form values by retentionPreview.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { retentionPreview } from "@lifeboat/policy";
import { EMPTY_POLICY_FORM, toPolicyRequest } from "./policy-form-model.ts";
import { RetentionChart } from "./retention-chart.tsx";

afterEach(cleanup);

// A Monday, midnight UTC: the group is created then and runs at 00:00 UTC.
const START = new Date("2026-01-05T00:00:00Z");
const group = { anchor: START, startTime: { hour: 0, minute: 0 } };

describe("RetentionChart", () => {
  it("spells out the 90-day preview of a daily policy kept 14 days", () => {
    render(<RetentionChart preview={retentionPreview(toPolicyRequest({ ...EMPTY_POLICY_FORM, name: "p" }), group)} />);
    expect(screen.getByRole("figure", { name: "Retention preview" })).toBeTruthy();
    expect(screen.getByTestId("retention-summary").textContent).toBe(
      "Over the next 90 days: 90 snapshots taken, up to 14 kept at once, 14 on day 90, the last of them kept until 19 Apr 2026.",
    );
  });

  it("follows the schedule: every 4 hours gives 84 kept at once", () => {
    const preview = retentionPreview(toPolicyRequest({ ...EMPTY_POLICY_FORM, name: "p", incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 4 } }), group);
    render(<RetentionChart preview={preview} />);
    expect(screen.getByTestId("retention-summary").textContent).toMatch(/^Over the next 90 days: 540 snapshots taken, up to 84 kept at once, 84 on day 90/);
  });

  it("says nothing is kept past the window when every snapshot has expired", () => {
    const preview = { points: [{ day: 0, at: START, count: 0 }, { day: 1, at: new Date(START.getTime() + 86_400_000), count: 0 }], taken: 0, peak: 0, atEnd: 0, keptUntil: null, keptForever: 0 };
    render(<RetentionChart preview={preview} />);
    expect(screen.getByTestId("retention-summary").textContent).toBe("Over the next 1 day: 0 snapshots taken, up to 0 kept at once, 0 on day 1.");
  });
});
