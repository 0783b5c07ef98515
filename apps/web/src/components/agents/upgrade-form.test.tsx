// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc } from "@/test-utils/fake-trpc.tsx";
import { UpgradeForm, upgradeInput } from "./upgrade-form.tsx";

afterEach(cleanup);

const sources = {
  items: [
    { id: 5, name: "Web server", sourceInfo: { id: 41, name: "web-1" } },
    { id: 6, name: "DB", sourceInfo: { id: 42, name: "db-1" } },
  ],
  nextCursor: null,
};

function renderForm() {
  const { calls, Wrapper } = fakeTrpc(({ path }) => (path === "source.list" ? { data: sources } : { data: { id: 77, status: "Scheduled" } }));
  const onCreated = vi.fn();
  render(<UpgradeForm onCreated={onCreated} now={() => new Date("2026-11-27T10:00:00")} />, { wrapper: Wrapper });
  return { calls, onCreated, user: userEvent.setup() };
}

describe("UpgradeForm", () => {
  it("asks for an agent first, then creates a task for the selected hosts now", async () => {
    const { calls, onCreated, user } = renderForm();
    await screen.findByLabelText("web-1");
    await user.click(screen.getByRole("button", { name: "Upgrade now" }));
    expect(screen.getByText("Select at least one agent to upgrade.")).toBeTruthy();
    expect(calls.some((c) => c.path === "agent.upgrade")).toBe(false);
    await user.click(screen.getByLabelText("db-1"));
    await user.type(screen.getByLabelText("Task name (optional)"), "Nov");
    await user.click(screen.getByRole("button", { name: "Upgrade now (1)" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(77));
    expect(calls.find((c) => c.path === "agent.upgrade")?.input).toMatchObject({ agentIDs: [42], name: "Nov" });
    expect((calls.find((c) => c.path === "agent.upgrade")?.input as { scheduleTimeUsecs?: number }).scheduleTimeUsecs).toBeUndefined();
  });

  it("schedules at a future local time and refuses a past one", async () => {
    const { calls, user } = renderForm();
    await user.click(await screen.findByLabelText("web-1"));
    await user.click(screen.getByLabelText("At a set time"));
    const at = screen.getByLabelText("Start at (your time zone)");
    await user.type(at, "2026-11-27T09:00");
    await user.click(screen.getByRole("button", { name: "Schedule upgrade (1)" }));
    expect(screen.getByText("Choose a time in the future, or start now.")).toBeTruthy();
    await user.clear(at);
    await user.type(at, "2026-11-28T02:30");
    await user.click(screen.getByRole("button", { name: "Schedule upgrade (1)" }));
    await waitFor(() => expect(calls.some((c) => c.path === "agent.upgrade")).toBe(true));
    expect(calls.find((c) => c.path === "agent.upgrade")?.input).toMatchObject({
      agentIDs: [41],
      scheduleTimeUsecs: new Date("2026-11-28T02:30").getTime() * 1000,
    });
  });
});

describe("upgradeInput", () => {
  it("drops an empty name and needs a time when scheduled", () => {
    const now = new Date("2026-11-27T10:00:00Z");
    expect(upgradeInput({ agentIds: [1], name: " ", when: "now", at: "" }, now)).toEqual({ ok: true, input: { agentIDs: [1] } });
    expect(upgradeInput({ agentIds: [1], name: "", when: "later", at: "" }, now)).toMatchObject({ ok: false, field: "at" });
  });
});
