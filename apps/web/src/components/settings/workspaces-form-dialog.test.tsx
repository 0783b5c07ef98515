// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer, type Call } from "@/test-utils/fake-trpc.tsx";
import { WorkspaceFormDialog, type WorkspaceRow } from "./workspaces-form-dialog.tsx";

afterEach(cleanup);

const CONNECTIONS = {
  items: [
    { id: "conn-engine", name: "Bundled engine", kind: "engine" },
    { id: "conn-ibm", name: "IBM us-east", kind: "ibm" },
  ],
  nextCursor: null,
};

function renderDialog(answer: (call: Call) => Answer, workspace?: WorkspaceRow) {
  const { calls, Wrapper } = fakeTrpc((call) => (call.path === "upstreamConnection.list" ? { data: CONNECTIONS } : answer(call)));
  const onOpenChange = vi.fn();
  render(<WorkspaceFormDialog open onOpenChange={onOpenChange} workspace={workspace ?? null} />, { wrapper: Wrapper });
  const mutations = () => calls.filter((c) => c.path !== "upstreamConnection.list");
  return { mutations, onOpenChange, user: userEvent.setup() };
}

describe("WorkspaceFormDialog", () => {
  it("validates the name while typing and sends nothing while it is blank", async () => {
    const { mutations, user } = renderDialog(() => ({ data: null }));
    await user.type(screen.getByLabelText("Name"), "   ");
    expect(await screen.findByText("Give the workspace a name")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Create workspace" }));
    expect(mutations()).toEqual([]);
  });

  it("creates a workspace bound to the chosen connection", async () => {
    const { mutations, onOpenChange, user } = renderDialog(() => ({ data: { id: "w1", name: "Finance" } }));
    await user.type(screen.getByLabelText("Name"), " Finance ");
    await screen.findByRole("option", { name: "Bundled engine — Engine" });
    await user.selectOptions(screen.getByLabelText("Upstream connection"), "conn-engine");
    await user.click(screen.getByRole("button", { name: "Create workspace" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(mutations()).toEqual([{ path: "workspace.create", input: { name: "Finance", connectionId: "conn-engine" } }]);
  });

  it("renames and unbinds an existing workspace", async () => {
    const ws: WorkspaceRow = {
      id: "w1",
      name: "Finance",
      role: "admin",
      connection: { id: "conn-ibm", name: "IBM us-east", kind: "ibm" },
      memberCount: 2,
      apiTokenCount: 1,
    };
    const { mutations, onOpenChange, user } = renderDialog(() => ({ data: { id: "w1", name: "Finance EU" } }), ws);
    await screen.findByRole("option", { name: "IBM us-east — IBM Cloud" });
    expect((screen.getByLabelText("Upstream connection") as HTMLSelectElement).value).toBe("conn-ibm");
    await user.type(screen.getByLabelText("Name"), " EU");
    await user.selectOptions(screen.getByLabelText("Upstream connection"), "");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(mutations()).toEqual([{ path: "workspace.update", input: { id: "w1", name: "Finance EU", connectionId: null } }]);
  });

  it("puts a duplicate-name conflict beside the name field and stays open", async () => {
    const { onOpenChange, user } = renderDialog(() => ({
      error: { message: "a Workspace with this name already exists", data: { code: "CONFLICT" } },
    }));
    await user.type(screen.getByLabelText("Name"), "Finance");
    await user.click(screen.getByRole("button", { name: "Create workspace" }));
    const message = await screen.findByText("A workspace with this name already exists");
    expect(screen.getByLabelText("Name").getAttribute("aria-describedby")).toContain(message.id);
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
  });
});
