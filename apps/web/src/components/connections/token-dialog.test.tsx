// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc } from "@/test-utils/fake-trpc.tsx";
import { installCommand, shellQuote } from "@/lib/install-command.ts";
import { TokenDialog } from "./token-dialog.tsx";

afterEach(cleanup);

describe("TokenDialog", () => {
  it("generates a token once, shows its expiry and copies it and the install command", async () => {
    const { calls, Wrapper } = fakeTrpc(({ path }) =>
      path === "connection.generateToken" ? { data: { connectionId: "111", registrationToken: "tok-abc.123" } } : { data: null },
    );
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, "writeText").mockResolvedValue(undefined);
    const issuedAt = new Date("2026-11-27T10:00:00Z");
    render(
      <TokenDialog connection={{ connectionId: "111", connectionName: "site-a" }} onOpenChange={() => {}} engineUrl="http://engine:4000" now={() => issuedAt} />,
      { wrapper: Wrapper },
    );
    expect(screen.queryByText("tok-abc.123")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Generate token" }));
    expect(await screen.findByText("tok-abc.123")).toBeTruthy();
    expect(calls.filter((c) => c.path === "connection.generateToken")).toEqual([{ path: "connection.generateToken", input: { connectionId: "111" } }]);
    // 24 hours after it was issued, exact instant on hover.
    const expiry = screen.getByText(/Valid until/).querySelector("time");
    expect(expiry?.getAttribute("dateTime")).toBe("2026-11-28T10:00:00.000Z");
    expect(screen.getByText(/shown only now/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Copy registration token" }));
    expect(writeText).toHaveBeenLastCalledWith("tok-abc.123");
    await waitFor(() => expect(screen.getByRole("button", { name: "registration token copied" })).toBeTruthy());
    await user.click(screen.getByRole("button", { name: "Copy install command" }));
    expect(writeText).toHaveBeenLastCalledWith("sudo LIFEBOAT_ENGINE_URL='http://engine:4000' LIFEBOAT_REGISTRATION_TOKEN='tok-abc.123' sh lifeboat-agent-install.sh");
  });

  it("shows the BFF's error when the token is refused", async () => {
    const { Wrapper } = fakeTrpc(() => ({ error: { message: "Only admins can do this", data: { code: "FORBIDDEN" } } }));
    render(<TokenDialog connection={{ connectionId: "111", connectionName: "site-a" }} onOpenChange={() => {}} />, { wrapper: Wrapper });
    await userEvent.setup().click(screen.getByRole("button", { name: "Generate token" }));
    expect(await screen.findByText(/Only admins can do this/)).toBeTruthy();
  });
});

describe("installCommand", () => {
  it("quotes values for sh and leaves a placeholder without a token", () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(installCommand({})).toBe("sudo LIFEBOAT_REGISTRATION_TOKEN=<registration token> sh lifeboat-agent-install.sh");
  });
});
