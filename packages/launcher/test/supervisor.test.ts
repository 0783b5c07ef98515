// Supervision with real processes (node -e …): a child killed with SIGKILL comes back and answers
// HTTP again; a child that always crashes is given up after the bound, with a clear message.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { findFreePort } from "@lifeboat/postgres";
import { spawnChild, waitForHttp } from "../src/children.ts";
import { supervise } from "../src/supervisor.ts";

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const answers = (port: number) =>
  new Promise<number>((resolve) => {
    http.get(`http://127.0.0.1:${port}/readyz`, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", () => resolve(0));
  });

describe("supervise", () => {
  it("restarts a child killed with SIGKILL, says so, and the new one answers /readyz", async () => {
    const port = await findFreePort();
    const lines: string[] = [];
    const deaths: string[] = [];
    const server = `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('listening'))`;
    const supervised = await supervise({
      name: "engine",
      log: (line) => lines.push(line),
      policy: { initialDelayMs: 200 },
      onUnexpectedExit: (exit) => deaths.push(`${exit.name}:${String(exit.signal)}`),
      start: async () => {
        const child = spawnChild({ name: "engine", command: process.execPath, args: ["-e", server], cwd: process.cwd(), env: process.env, log: (l) => lines.push(l) });
        await waitForHttp(`http://127.0.0.1:${port}/readyz`, child, { timeoutMs: 10_000 });
        return child;
      },
    });
    try {
      const firstPid = supervised.pid!;
      expect(await answers(port)).toBe(200);
      process.kill(firstPid, "SIGKILL");
      await until("the engine to come back", async () => supervised.pid !== firstPid && (await answers(port)) === 200);
      expect(deaths).toEqual(["engine:SIGKILL"]);
      expect(supervised.restarts).toBe(1);
      expect(lines.join("\n")).toMatch(/!!! lifeboat: the engine exited unexpectedly \(killed by SIGKILL\); restarting it in 0\.2 s \(restart 1 of at most 5 within 120 s\)/);
      expect(lines.join("\n")).toContain(`lifeboat: the engine is running again (pid ${supervised.pid})`);
      // A second kill: the backoff has doubled.
      const secondPid = supervised.pid!;
      process.kill(secondPid, "SIGKILL");
      await until("the engine to come back again", async () => supervised.pid !== secondPid && (await answers(port)) === 200);
      expect(lines.join("\n")).toMatch(/restarting it in 0\.4 s \(restart 2 of at most 5/);
    } finally {
      expect((await supervised.stop()).expected).toBe(true);
    }
    expect(await supervised.ended).toBe("stopped");
    expect(await answers(port)).toBe(0);
  });

  it("gives up loudly on a child that always crashes, after the bound of restarts", async () => {
    const lines: string[] = [];
    const gaveUp: string[] = [];
    let starts = 0;
    const supervised = await supervise({
      name: "portal",
      log: (line) => lines.push(line),
      policy: { maxRestarts: 3, windowMs: 60_000, initialDelayMs: 50 },
      onGiveUp: (message) => gaveUp.push(message),
      start: () => {
        starts += 1;
        return Promise.resolve(
          spawnChild({ name: "portal", command: process.execPath, args: ["-e", "console.error('cannot start: bad config'); process.exit(3)"], cwd: process.cwd(), env: process.env, log: (l) => lines.push(l) }),
        );
      },
    });
    expect(await supervised.ended).toBe("gave-up");
    expect(starts).toBe(4); // the first start and 3 restarts
    expect(supervised.restarts).toBe(3);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/^the portal exited unexpectedly \(exit code 3\), after 3 restarts within 60 s: giving up on it \(crash loop/);
    expect(lines.filter((l) => l.includes("restarting it in"))).toHaveLength(3);
    expect(lines).toContain("[portal] cannot start: bad config");
    expect(await supervised.exited).toMatchObject({ name: "portal", code: 3, expected: false });
    // Nothing restarts it afterwards.
    await new Promise((r) => setTimeout(r, 300));
    expect(starts).toBe(4);
  });

  it("counts a restart that does not come up as a crash, and stop() during the backoff restarts nothing", async () => {
    const lines: string[] = [];
    let starts = 0;
    const supervised = await supervise({
      name: "agent",
      log: (line) => lines.push(line),
      policy: { initialDelayMs: 100 },
      start: () => {
        starts += 1;
        if (starts === 2) return Promise.reject(new Error("the engine did not answer\nmore detail"));
        return Promise.resolve(spawnChild({ name: "agent", command: process.execPath, args: ["-e", starts === 1 ? "process.exit(1)" : "setTimeout(() => process.exit(1), 200)"], cwd: process.cwd(), env: process.env, log: () => {} }));
      },
    });
    await until("the failed restart", () => lines.some((l) => l.includes("could not be restarted (the engine did not answer)")));
    await until("the third start", () => starts === 3);
    await until("the next backoff", () => lines.filter((l) => l.includes("restarting it in")).length === 3);
    await supervised.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(starts).toBe(3);
    expect(await supervised.ended).toBe("stopped");
  });
});
