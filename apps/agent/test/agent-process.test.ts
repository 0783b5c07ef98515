// The agent as a real process (`tsx src/main.ts`) against a real HTTP protocol server: startup
// and exit behaviour the engine's integration tests and the service wrappers rely on.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildAgentPackage, type AgentPackage } from "../src/packaging/build-package.ts";
import { AGENT_VERSION } from "../src/version.ts";
import { startFakeEngine, waitFor, type FakeEngine } from "./fake-engine.ts";
import { killGroup, spawnAgentFromSource, tempDir, type AgentProcess } from "./helpers.ts";

let root: string;
let pkg: AgentPackage;
let engine: FakeEngine;
const running: AgentProcess[] = [];

beforeAll(async () => {
  root = await tempDir("process");
  pkg = await buildAgentPackage({ outDir: path.join(root, "dist"), version: "9.2.0" });
  engine = await startFakeEngine();
  engine.packages.set("/packages/agent.tgz", await fs.readFile(pkg.file));
});
afterEach(async () => {
  for (const p of running.splice(0)) {
    killGroup(p);
    // Whatever the test did, no token was ever written to stdout or stderr.
    const output = p.lines.join("\n");
    expect(output).not.toContain(engine.registrationToken);
    for (const h of engine.heartbeats) expect(output).not.toContain(h.token);
  }
});
afterAll(async () => {
  await engine?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function start(extra: Record<string, string> = {}) {
  const stateDir = await fs.mkdtemp(path.join(root, "state-"));
  const agent = await spawnAgentFromSource({
    AGENT_ENGINE_URL: engine.url,
    AGENT_REGISTRATION_TOKEN: engine.registrationToken,
    AGENT_STATE_DIR: stateDir,
    AGENT_HOST_NAME: `host-${path.basename(stateDir)}`,
    ...extra,
  });
  running.push(agent);
  const hostName = `host-${path.basename(stateDir)}`;
  const beats = () => engine.heartbeats.filter((h) => h.hostName === hostName);
  return { agent, stateDir, beats };
}

const has = (lines: string[], text: string) => lines.some((l) => l.includes(text));

describe("agent process", () => {
  it("logs its startup, registers, and exits 0 with state cleared on a stop command", async () => {
    const { agent, stateDir, beats } = await start();
    await waitFor("a heartbeat", () => beats().length >= 1, 20_000);
    // The engine saw the heartbeat; the agent logs once the answer arrived (the pipe may lag).
    await waitFor("the connected line", () => has(agent.lines, "info connected to the engine"), 5000);
    expect(has(agent.lines, `info lifeboat agent ${AGENT_VERSION} starting`)).toBe(true);
    expect(has(agent.lines, "info registered with the engine as connector")).toBe(true);
    expect(has(agent.lines, `info connected to the engine at ${engine.url}; heartbeat every 1s`)).toBe(true);
    expect((await fs.stat(path.join(stateDir, "state.json"))).mode & 0o777).toBe(0o600);

    engine.queue({ id: `stop-${path.basename(stateDir)}`, type: "stop", reason: "test" });
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(has(agent.lines, "removed by the engine: stop command (test); state cleared, exiting")).toBe(true);
    await expect(fs.access(path.join(stateDir, "state.json"))).rejects.toThrow();
  });

  it("stops on SIGTERM with exit 0 and keeps its registration", async () => {
    const { agent, stateDir, beats } = await start();
    await waitFor("a heartbeat", () => beats().length >= 1, 20_000);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(has(agent.lines, "received SIGTERM; stopping")).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(stateDir, "state.json"), "utf8"))).toHaveProperty("connectorId");
  });

  it("exits 78 with a message naming the problem when the configuration is bad", async () => {
    const { agent } = await start({ AGENT_ENGINE_URL: "not a url" });
    expect((await agent.exited).code).toBe(78);
    expect(has(agent.lines, "error invalid agent environment: AGENT_ENGINE_URL: must be an http(s) URL")).toBe(true);
  });

  it("after an upgrade, re-executes into the new version and keeps heartbeating as it", async () => {
    const { agent, stateDir, beats } = await start();
    await waitFor("a heartbeat", () => beats().length >= 1, 20_000);
    const id = `upg-${path.basename(stateDir)}`;
    engine.queue({ id, type: "upgrade", taskId: "7", targetVersion: "9.2.0", packagePath: "/packages/agent.tgz", sha256: pkg.sha256 });
    await waitFor("a heartbeat from 9.2.0", () => beats().some((h) => h.agentVersion === "9.2.0"), 30_000);
    expect(engine.results.get(id)).toEqual({ status: "Succeeded", message: `upgraded from ${AGENT_VERSION} to 9.2.0` });
    // From the repo, versions live under the state dir.
    expect(await fs.readlink(path.join(stateDir, "current"))).toBe("versions/9.2.0");
    expect(has(agent.lines, "restarting into version 9.2.0")).toBe(true);
    expect(has(agent.lines, "info lifeboat agent 9.2.0 starting")).toBe(true);
    // Same registration: the new version reused state.json instead of registering again.
    expect(engine.registrations.filter((r) => r.hostName === beats()[0]!.hostName)).toHaveLength(1);

    engine.queue({ id: `${id}-stop`, type: "stop", reason: "done" });
    expect((await agent.exited).code).toBe(0);
  });

  it("under a service wrapper (AGENT_SUPERVISED=1), exits 75 after switching `current`", async () => {
    const { agent, stateDir, beats } = await start({ AGENT_SUPERVISED: "1" });
    await waitFor("a heartbeat", () => beats().length >= 1, 20_000);
    engine.queue({ id: `upg-${path.basename(stateDir)}`, type: "upgrade", taskId: "8", targetVersion: "9.2.0", packagePath: "/packages/agent.tgz", sha256: pkg.sha256 });
    expect((await agent.exited).code).toBe(75);
    expect(await fs.readlink(path.join(stateDir, "current"))).toBe("versions/9.2.0");
    expect(has(agent.lines, "exiting with code 75 so the service restarts into version 9.2.0")).toBe(true);
  });
});
