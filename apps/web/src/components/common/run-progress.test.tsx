// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { RunProgress } from "@/components/common/run-progress.tsx";

afterEach(cleanup);

describe("RunProgress", () => {
  it("shows percentage and ETA on the bar and in words", () => {
    render(<RunProgress progress={0.42} etaMs={125_000} />);
    const bar = screen.getByRole("progressbar");
    expect(bar.getAttribute("aria-valuenow")).toBe("42");
    expect(bar.getAttribute("aria-valuetext")).toBe("42%, about 2 min 5 s left");
    expect(screen.getByText("42%, about 2 min 5 s left")).toBeTruthy();
  });

  it("is indeterminate without a fraction and says paused instead of an ETA", () => {
    render(<RunProgress progress={null} etaMs={60_000} paused />);
    const bar = screen.getByRole("progressbar");
    expect(bar.getAttribute("aria-valuenow")).toBeNull();
    expect(bar.getAttribute("aria-valuetext")).toBe("in progress, paused");
  });
});
