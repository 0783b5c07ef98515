// Drives the agent protocol over HTTP from a test (tenancy/error tests that need many hosts fast;
// the flow test runs the real agent process instead).
import { AGENT_API_PREFIX, PROTOCOL_VERSION, type RegisterResponse } from "@lifeboat/agent-protocol";

export async function registerHost(engineUrl: string, registrationToken: string, hostName: string): Promise<RegisterResponse> {
  const res = await fetch(`${engineUrl}${AGENT_API_PREFIX}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      registrationToken,
      protocolVersion: PROTOCOL_VERSION,
      hostName,
      addresses: ["10.9.8.7"],
      os: "kLinux",
      osVersion: "Debian 12",
      agentVersion: "0.1.0",
      resticVersion: "0.14.0",
      volumes: [
        { mountPoint: "/", fsType: "ext4", sizeBytes: 10_000_000_000 },
        { mountPoint: "/data", fsType: "xfs", sizeBytes: 50_000_000_000 },
      ],
    }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as RegisterResponse;
}
