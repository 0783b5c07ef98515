// The register/heartbeat loop in-process against a real HTTP server speaking the protocol.
import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ListDirectoryResultSchema } from "@lifeboat/agent-protocol";
import { runAgent, type AgentExit } from "../src/agent-loop.ts";
import { agentEnv } from "../src/env.ts";
import { createLogger } from "../src/log.ts";
import { loadState, saveState } from "../src/state.ts";
import { AGENT_VERSION } from "../src/version.ts";
import { startFakeEngine, waitFor } from "./fake-engine.ts";
import { tempDir } from "./helpers.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { withToken?: boolean; resticBin?: string } = {}) {
  const engine = await startFakeEngine();
  const stateDir = await tempDir("loop");
  const lines: string[] = [];
  const controller = new AbortController();
  cleanups.push(() => fs.rm(stateDir, { recursive: true, force: true }), () => engine.close(), async () => controller.abort());
  const env = agentEnv(
    {
      AGENT_ENGINE_URL: engine.url,
      AGENT_STATE_DIR: stateDir,
      AGENT_HOST_NAME: "db-01",
      ...(opts.withToken === false ? {} : { AGENT_REGISTRATION_TOKEN: engine.registrationToken }),
      ...(opts.resticBin ? { AGENT_RESTIC_BIN: opts.resticBin } : {}),
    },
    undefined,
  );
  const start = () =>
    runAgent({
      env,
      log: createLogger((_level, line) => lines.push(line)),
      signal: controller.signal,
      timing: { minBackoffMs: 100, maxBackoffMs: 400, slowRetryMs: 300 },
    });
  // Tokens never reach the log, whatever happened in the test.
  cleanups.push(async () => {
    const secrets = [engine.registrationToken, ...engine.heartbeats.map((h) => h.token)];
    for (const s of secrets) expect(lines.join("\n")).not.toContain(s);
  });
  return { engine, stateDir, lines, controller, start };
}

const logged = (lines: string[], text: string) => lines.filter((l) => l.includes(text)).length;

describe("agent loop", () => {
  it("registers, heartbeats with host facts, runs listDirectory, and exits on a stop command", async () => {
    const { engine, stateDir, lines, start } = await setup();
    const run = start();
    await waitFor("two heartbeats", () => engine.heartbeats.length >= 2);
    const state = await loadState(stateDir);
    expect(state).toMatchObject({ connectionId: "conn-1", connectorId: "9007199254740994", engineUrl: engine.url });
    expect(engine.heartbeats[0]).toMatchObject({ hostName: "db-01", os: "kLinux", agentVersion: AGENT_VERSION, status: "Healthy", token: state!.agentToken });
    expect(engine.heartbeats[0]!.resticVersion).toMatch(/^\d+\.\d+\.\d+/);

    engine.queue({ id: "ls-1", type: "listDirectory", path: stateDir });
    await waitFor("listDirectory result", () => engine.results.has("ls-1"));
    const listing = ListDirectoryResultSchema.parse(engine.results.get("ls-1")!.data);
    // The state dir holds state.json (and the task manager's download-cache folder, listed first).
    expect(listing.entries.map((e) => e.name)).toEqual(["download-cache", "state.json"]);

    engine.queue({ id: "stop-1", type: "stop", reason: "connector deleted" });
    const exit: AgentExit = await run;
    expect(exit).toEqual({ reason: "removed", message: "stop command (connector deleted)" });
    expect(engine.results.get("stop-1")?.status).toBe("Succeeded");
    expect(await loadState(stateDir)).toBeNull();
    expect(logged(lines, "removed by the engine: stop command (connector deleted); state cleared, exiting")).toBe(1);
    expect(engine.invalidRequests).toEqual([]);
  });

  it("exits when the engine answers 410 Gone", async () => {
    const { engine, stateDir, lines, start } = await setup();
    const run = start();
    await waitFor("a heartbeat", () => engine.heartbeats.length >= 1);
    engine.behaviour.gone = true;
    expect(await run).toEqual({ reason: "removed", message: "connector deleted" });
    expect(await loadState(stateDir)).toBeNull();
    expect(logged(lines, "removed by the engine: connector deleted")).toBe(1);
  });

  it("keeps retrying while the engine is down and registers once it is back", async () => {
    const { engine, lines, controller, start } = await setup();
    await engine.pause();
    const run = start();
    await waitFor("three failed attempts", () => logged(lines, "engine unreachable: POST /register failed: ECONNREFUSED") >= 3);
    await engine.listen(engine.port);
    await waitFor("a heartbeat after the outage", () => engine.heartbeats.length >= 1);
    engine.behaviour.heartbeatStatus = 503;
    await waitFor("a 503 retry", () => logged(lines, "POST /heartbeat → HTTP 503: engine trouble; retrying") >= 1);
    engine.behaviour.heartbeatStatus = 0;
    const beats = engine.heartbeats.length;
    await waitFor("heartbeats again", () => engine.heartbeats.length > beats + 1);
    controller.abort();
    expect(await run).toEqual({ reason: "shutdown" });
    expect(engine.registrations).toHaveLength(1);
  });

  it("registers again after a rejected agent token when it has a registration token", async () => {
    const { engine, lines, controller, start } = await setup();
    const run = start();
    await waitFor("a heartbeat", () => engine.heartbeats.length >= 1);
    engine.revokeAgentTokens();
    await waitFor("a second registration", () => engine.registrations.length === 2);
    await waitFor("a heartbeat with the new token", () => engine.heartbeats.at(-1)!.token !== engine.heartbeats[0]!.token);
    expect(logged(lines, "rejected the agent token; registering again")).toBe(1);
    controller.abort();
    await run;
  });

  it("without a registration token, logs a rejected agent token clearly and keeps trying", async () => {
    const { engine, stateDir, lines, controller, start } = await setup({ withToken: false });
    await saveState(stateDir, { connectorId: "1", connectionId: "c", agentToken: "agt-revoked-token", engineUrl: engine.url });
    const run = start();
    await waitFor("two rejected attempts", () => logged(lines, "AGENT_REGISTRATION_TOKEN is not set to register again") >= 2);
    expect(engine.registrations).toHaveLength(0);
    expect(lines.join("\n")).not.toContain("agt-revoked-token");
    controller.abort();
    expect(await run).toEqual({ reason: "shutdown" });
  });

  it("refuses to start without state and without a registration token", async () => {
    const { start, stateDir } = await setup({ withToken: false });
    await expect(start()).rejects.toThrow(`not registered yet (no ${path.join(stateDir, "state.json")}) and AGENT_REGISTRATION_TOKEN is not set`);
  });

  it("reports Degraded without restic, and fails unknown commands without stopping", async () => {
    const { engine, controller, start } = await setup({ resticBin: "/nonexistent/restic" });
    const run = start();
    engine.queue({ id: "bk-1", type: "snapshotEverything", snapshot: "x" });
    await waitFor("the unknown command's result", () => engine.results.has("bk-1"));
    expect(engine.results.get("bk-1")).toEqual({
      status: "Failed",
      message: `command type "snapshotEverything" is not supported by agent version ${AGENT_VERSION} (or has invalid fields)`,
    });
    await waitFor("a later heartbeat", () => engine.heartbeats.length >= 2);
    expect(engine.heartbeats[0]).toMatchObject({ status: "Degraded", resticVersion: null });
    expect(engine.heartbeats[0]!.statusMessage).toMatch(/restic not found/);
    controller.abort();
    expect(await run).toEqual({ reason: "shutdown" });
  });
});
