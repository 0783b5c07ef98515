// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfirmDialog } from "./confirm-dialog.tsx";

afterEach(cleanup);

function renderConfirm(pending = false) {
  const onConfirm = vi.fn();
  const onOpenChange = vi.fn();
  render(
    <ConfirmDialog open onOpenChange={onOpenChange} title='Delete "Prod"?' confirmLabel="Delete connection" onConfirm={onConfirm} pending={pending}>
      Workspace Default loses it.
    </ConfirmDialog>,
  );
  return { onConfirm, onOpenChange, user: userEvent.setup() };
}

describe("ConfirmDialog", () => {
  it("names what happens and confirms only on the confirm button", async () => {
    const { onConfirm, onOpenChange, user } = renderConfirm();
    const dialog = screen.getByRole("dialog", { name: 'Delete "Prod"?' });
    expect(dialog.textContent).toContain("Workspace Default loses it.");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(onConfirm).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Delete connection" }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it("cannot be confirmed twice while the action runs", async () => {
    const { onConfirm, user } = renderConfirm(true);
    const confirm = screen.getByRole("button", { name: "Delete connection" });
    expect(confirm.hasAttribute("disabled")).toBe(true);
    await user.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
