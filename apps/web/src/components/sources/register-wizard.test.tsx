// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeTrpc, type Answer } from "@/test-utils/fake-trpc.tsx";
import { RegisterWizard } from "./register-wizard.tsx";

afterEach(cleanup);

const connections = { items: [{ connectionId: "111", connectionName: "site-a" }, { connectionId: "222", connectionName: "site-b" }], nextCursor: null };
const connectors = {
  items: [
    {
      connectorId: "9",
      connectorName: "agent-web-1",
      connectionId: "111",
      tenantSideIp: "10.0.0.5",
      hostName: "web-1",
      connectivityStatus: { isConnected: true, lastConnectedTimestampSecs: 1_767_600_000, message: "Healthy (host web-1, kLinux Debian 12)" },
    },
  ],
  nextCursor: null,
};

function renderWizard(create: () => Answer) {
  const { calls, Wrapper } = fakeTrpc(({ path, input }) => {
    if (path === "connection.list") return { data: connections };
    if (path === "connector.list") {
      const of = (input as { connectionId?: string }).connectionId;
      return { data: { ...connectors, items: connectors.items.filter((c) => c.connectionId === of) } };
    }
    return create();
  });
  const onOpenChange = vi.fn();
  render(<RegisterWizard open onOpenChange={onOpenChange} />, { wrapper: Wrapper });
  return { calls, onOpenChange, user: userEvent.setup() };
}

describe("RegisterWizard", () => {
  it("walks connection → host → name and registers the host by its name", async () => {
    const { calls, onOpenChange, user } = renderWizard(() => ({ data: { id: 5, name: "web-1" } }));
    const next = () => screen.getByRole("button", { name: "Next" });
    expect((next() as HTMLButtonElement).disabled).toBe(true);
    await user.click(await screen.findByLabelText("site-a"));
    await user.click(next());
    // The host list is the chosen connection's connectors, with host name and address.
    await user.click(await screen.findByLabelText("web-1"));
    expect(screen.getByText(/10\.0\.0\.5/)).toBeTruthy();
    expect(calls.find((c) => c.path === "connector.list")?.input).toMatchObject({ connectionId: "111" });
    await user.click(next());
    const name = screen.getByLabelText("Source name");
    expect((name as HTMLInputElement).value).toBe("web-1");
    await user.clear(name);
    await user.type(name, "Web server");
    await user.click(screen.getByRole("button", { name: "Register source" }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(calls.find((c) => c.path === "source.create")?.input).toEqual({
      registration: { environment: "kPhysical", name: "Web server", dataSourceConnectionId: "111", physicalParams: { endpoint: "web-1", physicalType: "kHost" } },
    });
  });

  it("sends the user back to the host step with the upstream's reason when the host is refused", async () => {
    const { user } = renderWizard(() => ({
      error: {
        message: 'Upstream: physicalParams.endpoint: no agent of connection 111 runs on host "web-1"; install the agent there first',
        data: {
          code: "BAD_REQUEST",
          fieldErrors: { formErrors: [], fieldErrors: { "registration.physicalParams.endpoint": ['no agent of connection 111 runs on host "web-1"; install the agent there first'] } },
        },
      },
    }));
    await user.click(await screen.findByLabelText("site-a"));
    await user.click(screen.getByRole("button", { name: "Next" }));
    await user.click(await screen.findByLabelText("web-1"));
    await user.click(screen.getByRole("button", { name: "Next" }));
    await user.click(screen.getByRole("button", { name: "Register source" }));
    expect(await screen.findByText(/no agent of connection 111 runs on host/)).toBeTruthy();
    expect(screen.getByRole("radiogroup", { name: "Host" })).toBeTruthy();
  });

  it("says what to do when the connection has no agent yet", async () => {
    const { user } = renderWizard(() => ({ data: null }));
    await user.click(await screen.findByLabelText("site-b"));
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("No agent has registered with this connection")).toBeTruthy();
    expect(screen.getByText(/Install the agent on the host with a registration token/)).toBeTruthy();
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
