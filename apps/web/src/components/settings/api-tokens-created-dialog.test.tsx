// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc } from "@/test-utils/fake-trpc.tsx";
import { ApiTokensView } from "./api-tokens-view.tsx";
import { ApiTokenCreatedDialog } from "./api-tokens-created-dialog.tsx";
import { grantableRoles } from "./api-tokens-create-dialog.tsx";

afterEach(cleanup);

const TOKEN = `lbt_${"A".repeat(20)}b-c_${"9".repeat(19)}`;

describe("ApiTokenCreatedDialog", () => {
  it("shows the token with copyable curl and client examples", async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue();
    render(<ApiTokenCreatedDialog token={TOKEN} name="nightly" portalUrl="https://portal.example" onClose={() => undefined} />);
    expect(screen.getByTestId("new-api-token").textContent).toBe(TOKEN);
    expect(screen.getByText(/shown only this once/)).toBeTruthy();
    expect(screen.getByText(`curl -H "Authorization: Bearer ${TOKEN}" https://portal.example/api/v1/policies`)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Copy token" }));
    expect(writeText).toHaveBeenLastCalledWith(TOKEN);
    expect(await screen.findByText("Copied")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Copy client snippet" }));
    expect(writeText.mock.lastCall?.[0]).toContain('createLifeboatClient({ url: "https://portal.example"');
  });
});

describe("ApiTokensView", () => {
  it("creates a token, shows it once, and forgets it when the dialog closes", async () => {
    const user = userEvent.setup();
    const row = {
      id: "t1",
      name: "nightly",
      role: "operator",
      prefix: "lbt_AAAAAAAA",
      state: "active",
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      lastUsedAt: null,
      revokedAt: null,
      user: { id: "u1", email: "op@example.com" },
    };
    const { calls, Wrapper } = fakeTrpc(({ path }) =>
      path === "apiToken.create" ? { data: { token: TOKEN, apiToken: row } } : { data: { items: [], nextCursor: null } },
    );
    render(<ApiTokensView role="operator" userId="u1" workspaceName="Default" />, { wrapper: Wrapper });
    // The header's button (the empty state offers a second one once the list has loaded).
    await user.click(screen.getAllByRole("button", { name: "New token" })[0]!);
    // An operator cannot mint an admin token: the choice is not even offered.
    expect(screen.getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["viewer", "operator", "7", "30", "90", "365"]);
    await user.type(screen.getByLabelText("Name"), "nightly");
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.selectOptions(screen.getByLabelText("Expires after"), "30");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByTestId("new-api-token")).textContent).toBe(TOKEN);
    expect(calls.find((c) => c.path === "apiToken.create")?.input).toEqual({ name: "nightly", role: "operator", expiresInDays: 30 });
    await user.click(screen.getByRole("button", { name: "I have copied it" }));
    await waitFor(() => expect(screen.queryByTestId("new-api-token")).toBeNull());
    expect(document.body.textContent).not.toContain(TOKEN);
  });

  it("offers roles up to the user's own", () => {
    expect(grantableRoles("viewer")).toEqual(["viewer"]);
    expect(grantableRoles("admin")).toEqual(["viewer", "operator", "admin"]);
  });
});
