// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AREAS } from "@/lib/areas.ts";
import { AreaPlaceholder } from "./area-placeholder.tsx";

afterEach(cleanup);

describe("AreaPlaceholder", () => {
  it.each(AREAS.map((a) => [a.slug, a] as const))("says honestly what the %s page will offer", (slug, area) => {
    render(<AreaPlaceholder slug={slug} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(area.label);
    expect(screen.getByText(`${area.label} are not in the portal yet`)).toBeTruthy();
    expect(screen.getByText(new RegExp(`Coming next: ${area.comingSoon.replace(/[.()]/g, "\\$&")}`))).toBeTruthy();
  });
});
