import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION } from "@lifeboat/agent-protocol";
import { createEngineClient } from "../src/engine-client.ts";
import type { FakeEngine } from "./fake-engine.ts";

export const tempDir = (prefix: string) => fs.mkdtemp(path.join(os.tmpdir(), `lifeboat-agent-${prefix}-`));

/** Registers directly (no agent loop) and returns a valid agent token. */
export async function registerDirectly(engine: FakeEngine): Promise<string> {
  const client = createEngineClient({ engineUrl: engine.url });
  const reg = await client.register({
    hostName: "test-host",
    addresses: [],
    os: "kLinux",
    agentVersion: "0.0.0",
    resticVersion: null,
    volumes: [],
    registrationToken: engine.registrationToken,
    protocolVersion: PROTOCOL_VERSION,
  });
  return reg.agentToken;
}
