// @vitest-environment happy-dom
// The retention preview as the editor shows it: the figures spelled out above the chart (the chart
// itself is decoration, aria-hidden), computed from the form values by retentionPreview.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { EMPTY_POLICY_FORM } from "./policy-form-model.ts";
import { RetentionChart } from "./retention-chart.tsx";
import { retentionPreview } from "./retention-preview.ts";

afterEach(cleanup);

// A Monday, midnight UTC.
const START = new Date("2026-01-05T00:00:00Z");

describe("RetentionChart", () => {
  it("spells out the 90-day preview of a daily policy kept 14 days", () => {
    render(<RetentionChart preview={retentionPreview(EMPTY_POLICY_FORM, START)} />);
    expect(screen.getByRole("figure", { name: "Retention preview" })).toBeTruthy();
    expect(screen.getByTestId("retention-summary").textContent).toBe(
      "Over the next 90 days: 91 snapshots taken, up to 14 kept at once, 14 on day 90, the last of them kept until 19 Apr 2026.",
    );
  });

  it("follows the schedule: every 4 hours gives 84 kept at once", () => {
    const preview = retentionPreview({ ...EMPTY_POLICY_FORM, incremental: { ...EMPTY_POLICY_FORM.incremental, unit: "Hours", frequency: 4 } }, START);
    render(<RetentionChart preview={preview} />);
    expect(screen.getByTestId("retention-summary").textContent).toMatch(/^Over the next 90 days: 541 snapshots taken, up to 84 kept at once, 84 on day 90/);
  });

  it("says nothing is kept past the window when every snapshot has expired", () => {
    const preview = { points: [{ day: 0, at: START, count: 0 }, { day: 1, at: new Date(START.getTime() + 86_400_000), count: 0 }], taken: 0, peak: 0, atEnd: 0, keptUntil: null };
    render(<RetentionChart preview={preview} />);
    expect(screen.getByTestId("retention-summary").textContent).toBe("Over the next 1 day: 0 snapshots taken, up to 0 kept at once, 0 on day 1.");
  });
});
