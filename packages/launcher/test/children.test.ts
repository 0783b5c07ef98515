// Supervision of child processes with real processes (node -e …).
import { describe, expect, it } from "vitest";
import { spawnChild, waitForHttp, type ChildExit } from "../src/children.ts";

function node(name: string, script: string, onUnexpectedExit?: (exit: ChildExit) => void) {
  const lines: string[] = [];
  const child = spawnChild({
    name,
    command: process.execPath,
    args: ["-e", script],
    cwd: process.cwd(),
    env: process.env,
    log: (line) => lines.push(line),
    ...(onUnexpectedExit ? { onUnexpectedExit } : {}),
  });
  return { child, lines };
}

describe("spawnChild", () => {
  it("reports a child that dies on its own, with its prefixed output", async () => {
    const deaths: ChildExit[] = [];
    const { child, lines } = node("engine", "console.log('starting'); console.error('boom'); process.exit(3)", (exit) => deaths.push(exit));
    const exit = await child.exited;
    await new Promise((r) => setTimeout(r, 10));
    expect(exit).toEqual({ name: "engine", code: 3, signal: null, expected: false });
    expect(deaths).toEqual([exit]);
    expect(lines.sort()).toEqual(["[engine] boom", "[engine] starting"]);
  });

  it("stops with SIGTERM without calling it a death, and escalates to SIGKILL when ignored", async () => {
    const deaths: ChildExit[] = [];
    const polite = node("web", "setInterval(() => {}, 1000); console.log('ready')", (exit) => deaths.push(exit));
    await new Promise((r) => setTimeout(r, 500));
    expect(await polite.child.stop()).toMatchObject({ signal: "SIGTERM", expected: true });

    const stubborn = node("agent", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready')", (exit) => deaths.push(exit));
    for (let i = 0; i < 100 && !stubborn.lines.includes("[agent] ready"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await stubborn.child.stop(500)).toMatchObject({ signal: "SIGKILL", expected: true });
    expect(deaths).toEqual([]);
  });

  it("waitForHttp fails fast, with the child's output, when the child exits before answering", async () => {
    const { child } = node("engine", "console.error('engine failed to start: invalid engine environment'); process.exit(1)");
    await expect(waitForHttp("http://127.0.0.1:9/healthz", child, { timeoutMs: 60_000 })).rejects.toThrow(
      /engine did not come up: it exited \(code 1[\s\S]*invalid engine environment/,
    );
  });
});
