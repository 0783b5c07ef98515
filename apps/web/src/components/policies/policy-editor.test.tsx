// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer } from "@/test-utils/fake-trpc.tsx";
import { PolicyEditor } from "./policy-editor.tsx";

afterEach(cleanup);

const NOW = new Date("2026-01-05T09:30:00Z");

function renderEditor(answer: (path: string, input: unknown) => Answer = () => ({ data: null }), canEdit = true) {
  const { calls, Wrapper } = fakeTrpc(({ path, input }) => answer(path, input));
  const onSaved = vi.fn();
  render(<PolicyEditor canEdit={canEdit} onSaved={onSaved} now={NOW} />, { wrapper: Wrapper });
  return { calls, onSaved, user: userEvent.setup() };
}

const sentence = () => screen.getByTestId("policy-sentence").textContent;
const summary = () => screen.getByTestId("retention-summary").textContent;

describe("PolicyEditor", () => {
  it("updates the sentence and the retention preview as the user types", async () => {
    const { user } = renderEditor();
    expect(sentence()).toBe("every day, keep 14 days, retry 3 times, 30 minutes apart");
    expect(summary()).toContain("90 snapshots taken, up to 14 kept at once");

    await user.selectOptions(screen.getByLabelText("Incremental backups"), "Hours");
    const every = screen.getByLabelText("Every how many hours");
    await user.clear(every);
    await user.type(every, "4");
    await waitFor(() => expect(sentence()).toBe("every 4 hours, keep 14 days, retry 3 times, 30 minutes apart"));
    expect(summary()).toContain("540 snapshots taken, up to 84 kept at once");

    const keep = screen.getByLabelText("Keep snapshots for");
    await user.clear(keep);
    await user.type(keep, "7");
    await waitFor(() => expect(summary()).toContain("up to 42 kept at once"));
  });

  it("shows an invalid DataLock beside its field and sends nothing", async () => {
    const { calls, user } = renderEditor();
    await user.type(screen.getByLabelText("Policy name"), "locked");
    await user.click(screen.getByLabelText(/DataLock/));
    const lock = screen.getByLabelText("Lock for");
    await user.clear(lock);
    await user.type(lock, "3");
    expect(screen.queryByText(/longer than the retention/)).toBeNull();
    // Changing the unit (not the field carrying the error) re-checks the rule too.
    await user.selectOptions(screen.getByLabelText("Lock unit"), "Weeks");
    const message = await screen.findByText(/the lock \(3 weeks\) is longer than the retention \(14 days\)/);
    expect(lock.getAttribute("aria-invalid")).toBe("true");
    expect(lock.getAttribute("aria-describedby")).toContain(message.id);
    expect(sentence()).toMatch(/Fix the highlighted fields/);
    await user.click(screen.getByRole("button", { name: "Create policy" }));
    expect(calls).toEqual([]);
  });

  it("sends the policy body and places the BFF's field errors beside the fields", async () => {
    const { calls, user } = renderEditor(() => ({
      error: {
        message: "Upstream: backupPolicy.regular.retention.duration: must be at most 3650 days",
        data: {
          code: "BAD_REQUEST",
          fieldErrors: { formErrors: [], fieldErrors: { "policy.name": ["Name already used"], "policy.backupPolicy.regular.retention.duration": ["must be at most 3650 days"] } },
        },
      },
    }));
    await user.type(screen.getByLabelText("Policy name"), "daily");
    await user.click(screen.getByRole("button", { name: "Create policy" }));
    expect(await screen.findByText("Name already used")).toBeTruthy();
    expect(await screen.findByText("must be at most 3650 days")).toBeTruthy();
    expect(screen.getByLabelText("Keep snapshots for").getAttribute("aria-invalid")).toBe("true");
    expect(calls[0]?.path).toBe("policy.create");
    expect(calls[0]?.input).toMatchObject({
      policy: {
        name: "daily",
        backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 14 } } },
        retryOptions: { retries: 3, retryIntervalMins: 30 },
      },
    });
  });

  it("is read-only for a viewer: no save button", () => {
    renderEditor(undefined, false);
    expect(screen.queryByRole("button", { name: /Create policy|Save policy/ })).toBeNull();
    expect((screen.getByLabelText("Policy name") as HTMLInputElement).disabled).toBe(true);
  });
});
