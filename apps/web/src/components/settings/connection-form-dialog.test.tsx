// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer } from "@/test-utils/fake-trpc.tsx";
import { ConnectionFormDialog } from "./connection-form-dialog.tsx";

afterEach(cleanup);

function renderDialog(answer: (path: string) => Answer) {
  const { calls, Wrapper } = fakeTrpc(({ path }) => answer(path));
  const onOpenChange = vi.fn();
  render(<ConnectionFormDialog open onOpenChange={onOpenChange} />, { wrapper: Wrapper });
  return { calls, onOpenChange, user: userEvent.setup() };
}

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Name"), "Prod");
  await user.type(screen.getByLabelText("Service URL"), "http://127.0.0.1:4000/v2/");
  await user.type(screen.getByLabelText("API key"), "secret-key");
}

describe("ConnectionFormDialog", () => {
  it("validates the service URL while typing, before anything is sent", async () => {
    const { calls, user } = renderDialog(() => ({ data: null }));
    await user.type(screen.getByLabelText("Service URL"), "http://127.0.0.1:4000/api");
    expect(await screen.findByText("The service URL must end in /v2")).toBeTruthy();
    expect(screen.getByLabelText("Service URL").getAttribute("aria-invalid")).toBe("true");
    await user.type(screen.getByLabelText("Service URL"), "/v2");
    await waitFor(() => expect(screen.queryByText("The service URL must end in /v2")).toBeNull());
    expect(calls).toEqual([]);
  });

  it("sends the trimmed create input and closes on success", async () => {
    const { calls, onOpenChange, user } = renderDialog(() => ({ data: { id: "c1", name: "Prod" } }));
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create connection" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(calls[0]).toEqual({
      path: "upstreamConnection.create",
      input: { kind: "engine", name: "Prod", serviceUrl: "http://127.0.0.1:4000/v2", tenantId: "default/", apiKey: "secret-key" },
    });
  });

  it("shows the BFF's field errors beside their fields and stays open", async () => {
    const { onOpenChange, user } = renderDialog(() => ({
      error: {
        message: "Invalid input",
        data: { code: "BAD_REQUEST", fieldErrors: { formErrors: [], fieldErrors: { tenantId: ["Unknown tenant format"] } } },
      },
    }));
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create connection" }));
    const message = await screen.findByText("Unknown tenant format");
    expect(screen.getByLabelText("Tenant id").getAttribute("aria-describedby")).toContain(message.id);
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
  });
});
