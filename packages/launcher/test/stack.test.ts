// startStack end to end with real processes: PostgreSQL (DATABASE_URL's server, else embedded in
// the temp folder), the engine and the agent. The portal is not started (web: false) so the test
// does not depend on a `next build`; the browser test covers `next start`.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { operations } from "@lifeboat/contracts";
import { createDb } from "@lifeboat/db";
import { createOperationClient } from "@lifeboat/upstream";
import { createTestDatabase, dropDatabase, findFreePort, type TestDatabase } from "@lifeboat/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../src/index.ts";
import { repoRoot } from "../src/paths.ts";

let base: string;
let testDb: TestDatabase | null = null;
let engineDatabaseUrl: string | null = null;
const stacks: Stack[] = [];

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-launcher-test-"));
  await fs.chmod(base, 0o711); // the embedded cluster's postgres OS user passes through when root
  if (process.env.DATABASE_URL) testDb = await createTestDatabase("launcher");
});
afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  if (testDb && engineDatabaseUrl) await dropDatabase(engineDatabaseUrl);
  await testDb?.drop();
  await fs.rm(base, { recursive: true, force: true });
});

async function agentState(dataDir: string): Promise<{ connectorId?: string } | null> {
  for (let i = 0; i < 120; i++) {
    try {
      return JSON.parse(await fs.readFile(path.join(dataDir, "agent", "state.json"), "utf8")) as { connectorId?: string };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return null;
}

const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
};
const ready = async (url: string) => (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) })).ok;

describe("startStack", () => {
  it("brings up database, migrations, bootstrap, engine and agent; later starts (API and CLI) keep all of it", async () => {
    const dataDir = path.join(base, "data");
    const options = {
      dataDir,
      databaseUrl: testDb?.url,
      port: await findFreePort(),
      enginePort: await findFreePort(),
      web: false,
      log: () => {},
      env: {
        LIFEBOAT_SECRET: "",
        NEXTAUTH_SECRET: "",
        ENGINE_BOOTSTRAP_API_KEY: "",
        LIFEBOAT_ADMIN_EMAIL: "",
        LIFEBOAT_ADMIN_PASSWORD: "",
        // The agent learns a deleted registration at its next heartbeat.
        ENGINE_HEARTBEAT_INTERVAL_SECS: "1",
      },
    };
    const unexpected: string[] = [];
    const first = await startStack({ ...options, onUnexpectedExit: (exit) => unexpected.push(exit.name) });
    stacks.push(first);
    engineDatabaseUrl = first.engineDatabaseUrl;
    expect(first.firstStart).toBe(true);
    expect(first.admin).toMatchObject({ email: "admin@lifeboat.local", passwordGenerated: true });
    expect(first.admin.password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(await (await fetch(`${first.engineUrl}/healthz`)).json()).toEqual({ status: "ok" });

    const secretsFile = path.join(dataDir, "secrets.json");
    expect((await fs.stat(secretsFile)).mode & 0o777).toBe(0o600);
    const secrets = await fs.readFile(secretsFile, "utf8");
    const registered = await agentState(dataDir);
    expect(registered?.connectorId).toBeTruthy();

    const db = createDb(first.databaseUrl);
    const workspaces = await db.workspace.findMany({ include: { connection: true, memberships: { include: { user: true } } } });
    await db.$disconnect();
    expect(workspaces).toHaveLength(1);
    expect(workspaces[0]?.memberships.map((m) => [m.user.email, m.role])).toEqual([["admin@lifeboat.local", "admin"]]);
    expect(workspaces[0]?.connection).toMatchObject({ kind: "engine", serviceUrl: `${first.engineUrl}/v2`, tenantId: "default/" });

    await first.stop();
    stacks.length = 0;
    expect(unexpected).toEqual([]);
    await expect(fetch(`${first.engineUrl}/healthz`)).rejects.toThrow();

    // Second start on the same folder: same data, same secrets, no new password, same agent.
    const lines: string[] = [];
    const second = await startStack({ ...options, log: (line) => lines.push(line), restartPolicy: { initialDelayMs: 500 } });
    stacks.push(second);
    expect(second.firstStart).toBe(false);
    expect(second.admin).toEqual({ email: "admin@lifeboat.local", passwordGenerated: false });
    expect(second.databaseUrl).toBe(first.databaseUrl.replace(/:\d+\//, `:${new URL(second.databaseUrl).port}/`));
    expect(await fs.readFile(secretsFile, "utf8")).toBe(secrets);
    const db2 = createDb(second.databaseUrl);
    expect(await db2.user.count()).toBe(1);
    expect(await db2.upstreamConnection.count()).toBe(1);
    await db2.$disconnect();
    // The engine kept its data: the agent's saved registration is still valid, so it is reused.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await agentState(dataDir))?.connectorId).toBe(registered?.connectorId);

    // Supervision (issue 12 item 2): kill -9 of the engine → it is restarted and /readyz answers again.
    const engine = second.children.find((c) => c.name === "engine")!;
    const agent = second.children.find((c) => c.name === "agent")!;
    const enginePid = engine.pid!;
    process.kill(enginePid, "SIGKILL");
    await until("the engine to come back", async () => engine.pid !== enginePid && (await ready(second.engineUrl)), 120_000);
    expect(lines.join("\n")).toMatch(/!!! lifeboat: the engine exited unexpectedly \(killed by SIGKILL\); restarting it in 0\.5 s/);
    expect(lines).toContain(`lifeboat: the engine is running again (pid ${engine.pid})`);

    // kill -9 of the agent → restarted; it keeps its registration.
    const agentPid = agent.pid!;
    process.kill(agentPid, "SIGKILL");
    await until("the agent to come back", () => Promise.resolve(agent.pid !== agentPid), 60_000);
    expect(lines.join("\n")).toMatch(/the agent exited unexpectedly \(killed by SIGKILL\); restarting it/);
    await until("the restarted agent's heartbeat", () => Promise.resolve(lines.some((l) => l.startsWith("[agent]") && l.includes("connected to the engine") && lines.indexOf(l) > lines.findIndex((x) => x.includes("the agent is running again")))), 60_000);
    expect((await agentState(dataDir))?.connectorId).toBe(registered?.connectorId);

    // Its connector deleted at the engine → the agent exits, the launcher registers it again.
    const secretValues = JSON.parse(secrets) as { engineApiKey: string };
    const engineApi = createOperationClient(
      { deleteDataSourceConnector: operations.deleteDataSourceConnector },
      {
        serviceUrl: `${second.engineUrl}/v2`,
        tenantId: "default/",
        auth: { type: "iam", apiKey: secretValues.engineApiKey, tokenUrl: `${second.engineUrl}/identity/token` },
        timeoutMs: 15_000,
      },
    );
    await engineApi.deleteDataSourceConnector({ pathParams: { connectorId: registered!.connectorId! } });
    await until(
      "a new registration of the local agent",
      async () => {
        const state = JSON.parse(await fs.readFile(path.join(dataDir, "agent", "state.json"), "utf8")) as { connectorId?: string };
        return Boolean(state.connectorId) && state.connectorId !== registered?.connectorId;
      },
      90_000,
    );
    expect(lines.join("\n")).toContain("the agent exited because its registration is gone (connector deleted or engine reset); registering it again");
    expect(engine.restarts + agent.restarts).toBe(3);
    await second.stop();
    stacks.length = 0;

    // The user's command on the same folder: prints where to sign in without any password (it was
    // shown once, on the first start) and stops everything cleanly on Ctrl-C (SIGINT).
    const cli = spawn(process.execPath, ["--import", "tsx", "packages/launcher/src/cli.ts", "start", "--no-web", "--data-dir", dataDir], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env, DATABASE_URL: testDb?.url ?? "", PORT: String(options.port), ENGINE_PORT: String(options.enginePort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    cli.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    cli.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
    for (let i = 0; i < 480 && !output.includes("Stop with Ctrl-C") && cli.exitCode === null; i++) await new Promise((r) => setTimeout(r, 250));
    expect(output).toContain("Sign in:  admin@lifeboat.local");
    expect(output).toContain("Password: the one from the first start");
    expect(output).not.toContain(first.admin.password!);
    cli.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("lifeboat: stopped");
    expect(output).not.toContain("exited unexpectedly");
    await expect(fetch(`${first.engineUrl}/healthz`)).rejects.toThrow();
  }, 400_000);
});
