// The kScript installer from POST /data-protect/agents/download is self-contained: run with sh on
// a host, it unpacks the real agent package, starts the agent against this engine, and the agent
// registers as a connector. Deleting the connector stops the installed agent.
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

const run = promisify(execFile);
let engine: EngineProcess;
let tmp: string;
const home = () => path.join(tmp, "agent-home");

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-installer-"));
  engine = await startEngineProcess({ ENGINE_AGENT_PACKAGE_DIR: inject("agentPackageDir") });
}, 180_000);
afterAll(async () => {
  // Stop the supervisor the installer started, if the test did not get that far.
  const pid = await readFile(path.join(home(), "agent.pid"), "utf8").catch(() => "");
  if (/^\d+$/.test(pid.trim())) {
    try {
      process.kill(Number(pid.trim()), "SIGTERM");
    } catch {
      // already gone
    }
  }
  await engine?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("agent installer", () => {
  it("installs and starts the agent against this engine", { timeout: 120_000 }, async () => {
    const api = engine.client();
    const conn = await api.createDataSourceConnection({ body: { connectionName: "installer" } });
    const stream = await api.downloadAgent({ body: { platform: "kLinux", linuxParams: { packageType: "kScript" } } });
    const script = path.join(tmp, "install.sh");
    await writeFile(script, Buffer.from(await new Response(stream).arrayBuffer()));
    await chmod(script, 0o700);

    const { stdout } = await run("sh", [script], {
      env: {
        PATH: process.env.PATH!,
        HOME: tmp,
        LIFEBOAT_AGENT_HOME: home(),
        LIFEBOAT_AGENT_SERVICE: "nohup",
        LIFEBOAT_REGISTRATION_TOKEN: conn.registrationToken!,
        LIFEBOAT_AGENT_HOST_NAME: "installed-host",
      },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/installed agent .* started it in the background/);

    const connector = await waitFor("the installed agent to register", async () =>
      (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
    60_000);
    expect(connector.connectorName).toBe("installed-host");

    await api.deleteDataSourceConnector({ pathParams: { connectorId: connector.connectorId! } });
    await waitFor("the installed agent to stop after removal", async () => {
      const log = await readFile(path.join(home(), "agent.log"), "utf8");
      return /removed by the engine/.test(log) ? log : undefined;
    }, 30_000);
  });

  it("answers 400 for other platforms and package types", async () => {
    const api = engine.client();
    await expect(api.downloadAgent({ body: { platform: "kWindows" } })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/kLinux only/) });
    await expect(api.downloadAgent({ body: { platform: "kLinux", linuxParams: { packageType: "kDEB" } } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/kScript installer only/),
    });
  });
});
