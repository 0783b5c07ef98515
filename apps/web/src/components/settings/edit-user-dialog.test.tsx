// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer } from "@/test-utils/fake-trpc.tsx";
import { EditUserDialog } from "./edit-user-dialog.tsx";

afterEach(cleanup);

function renderDialog(answer: (input: unknown) => Answer) {
  const { calls, Wrapper } = fakeTrpc(({ path, input }) => (path === "user.update" ? answer(input) : { data: null }));
  const onClose = vi.fn();
  render(<EditUserDialog user={{ id: "u1", email: "ann@example.test", name: "Ann" }} onClose={onClose} />, { wrapper: Wrapper });
  return { calls, onClose, user: userEvent.setup() };
}

describe("EditUserDialog", () => {
  it("renames the user and closes", async () => {
    const { calls, onClose, user } = renderDialog((input) => ({ data: { id: "u1", email: "ann@example.test", name: (input as { name: string }).name } }));
    const name = screen.getByLabelText("Name");
    expect((name as HTMLInputElement).value).toBe("Ann");
    await user.clear(name);
    await user.type(name, "  Ann Smith ");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.path === "user.update")?.input).toEqual({ id: "u1", name: "Ann Smith" });
  });

  it("clears the name with an empty field", async () => {
    const { calls, onClose, user } = renderDialog(() => ({ data: { id: "u1", email: "ann@example.test", name: null } }));
    await user.clear(screen.getByLabelText("Name"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.path === "user.update")?.input).toEqual({ id: "u1", name: null });
  });

  it("says what is wrong while typing and shows the BFF's field error beside the field", async () => {
    const { calls, onClose, user } = renderDialog(() => ({
      error: { message: "Invalid input", data: { code: "BAD_REQUEST", fieldErrors: { formErrors: [], fieldErrors: { name: ["Names may not contain control characters"] } } } },
    }));
    const name = screen.getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "x".repeat(101));
    expect(await screen.findByText("At most 100 characters")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true);
    expect(calls.some((c) => c.path === "user.update")).toBe(false);
    await user.clear(name);
    await user.type(name, "Ann B");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Names may not contain control characters")).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });
});
