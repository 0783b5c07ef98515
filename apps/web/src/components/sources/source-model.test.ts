import { describe, expect, it } from "vitest";
import { hostOf, type ConnectorRow } from "./source-model.ts";

const row = (extra: Record<string, unknown>): ConnectorRow =>
  ({ connectorId: "9", connectorName: "agent-9", tenantSideIp: "10.0.0.5", connectivityStatus: { isConnected: true, message: "Healthy (host web-1, kLinux)" }, ...extra }) as ConnectorRow;

describe("hostOf (register wizard's host choice)", () => {
  it("registers by the hostName field when the backend reports it", () => {
    expect(hostOf(row({ hostName: "web-1" }))).toMatchObject({ endpoint: "web-1", hostName: "web-1", address: "10.0.0.5", connected: true });
  });
  it("falls back to the address, not to the status text, when no hostName is reported", () => {
    expect(hostOf(row({}))).toMatchObject({ endpoint: "10.0.0.5", hostName: null });
  });
});
