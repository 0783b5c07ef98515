// startStack end to end with real processes: PostgreSQL (DATABASE_URL's server, else embedded in
// the temp folder), the engine and the agent. The portal is not started (web: false) so the test
// does not depend on a `next build`; the browser test covers `next start`.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "@lifeboat/db";
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
      env: { LIFEBOAT_SECRET: "", NEXTAUTH_SECRET: "", ENGINE_BOOTSTRAP_API_KEY: "", LIFEBOAT_ADMIN_EMAIL: "", LIFEBOAT_ADMIN_PASSWORD: "" },
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
    const second = await startStack(options);
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
