// The installable package: build it, unpack it, run the bundle with nothing but node, and run the
// install.sh template the way the engine will serve it (placeholders filled, payload appended).
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgentPackage, sha256File, type AgentPackage } from "../src/packaging/build-package.ts";
import { startFakeEngine, waitFor, type FakeEngine } from "./fake-engine.ts";
import { cleanEnv, spawnBundledAgent, tempDir } from "./helpers.ts";

const run = promisify(execFile);
let root: string;
let pkg: AgentPackage;
let engine: FakeEngine | undefined;
let installedPid: number | undefined;

beforeAll(async () => {
  root = await tempDir("pack");
  pkg = await buildAgentPackage({ outDir: path.join(root, "dist"), version: "3.4.5-rc.1" });
});
afterAll(async () => {
  if (installedPid) {
    try {
      process.kill(installedPid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await engine?.close();
  await fs.rm(root, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** What the engine does for a kScript download (contract in apps/agent/README.md). */
async function fillInstaller(engineUrl: string, token?: string): Promise<string> {
  const template = await fs.readFile(pkg.installScriptFile, "utf8");
  const payload = (await fs.readFile(pkg.file)).toString("base64").replace(/.{76}/g, "$&\n");
  let script = template.replaceAll("__LIFEBOAT_ENGINE_URL__", engineUrl);
  if (token) script = script.replaceAll("__LIFEBOAT_REGISTRATION_TOKEN__", token);
  script += `${payload}\n`;
  const file = path.join(root, `install-${Date.now()}.sh`);
  await fs.writeFile(file, script, { mode: 0o700 });
  return file;
}

describe("agent package", () => {
  it("writes a manifest that matches the tarball, reproducibly", async () => {
    const manifest = JSON.parse(await fs.readFile(pkg.manifestFile, "utf8"));
    expect(manifest).toEqual({ version: "3.4.5-rc.1", file: "lifeboat-agent-3.4.5-rc.1.tgz", sha256: pkg.sha256, platform: "kLinux" });
    expect(await sha256File(pkg.file)).toBe(pkg.sha256);
    const again = await buildAgentPackage({ outDir: path.join(root, "dist-again"), version: "3.4.5-rc.1" });
    expect(again.sha256).toBe(pkg.sha256);
  });

  it("unpacks to a bundle that runs with plain node (no node_modules)", async () => {
    const dir = path.join(root, "unpacked");
    await fs.mkdir(dir);
    execFileSync("tar", ["-xzf", pkg.file, "-C", dir]);
    expect((await fs.readdir(dir)).sort()).toEqual(["lifeboat-agent.mjs", "package.json"]);
    const { stdout } = await run(process.execPath, [path.join(dir, "lifeboat-agent.mjs"), "--version"], { cwd: dir });
    expect(stdout).toBe("3.4.5-rc.1\n");
    const agent = await spawnBundledAgent(path.join(dir, "lifeboat-agent.mjs"), { AGENT_STATE_DIR: path.join(root, "no-state") });
    expect((await agent.exited).code).toBe(78);
    expect(agent.lines.join("\n")).toContain("AGENT_ENGINE_URL is not set");
  });

  it("install.sh installs and starts the agent; its wrapper restarts it into an upgrade and not after a stop", async () => {
    engine = await startFakeEngine();
    const home = path.join(root, "installed");
    // As the engine serves it: URL filled in, the token given by the user at install time.
    const script = await fillInstaller(engine.url);
    const env = { LIFEBOAT_AGENT_HOME: home, LIFEBOAT_AGENT_SERVICE: "nohup", LIFEBOAT_AGENT_HOST_NAME: "installed-host" };
    await expect(run("sh", [script], { env: cleanEnv(env) })).rejects.toMatchObject({
      stderr: expect.stringContaining("ERROR: no registration token: generate one for a connection in the portal"),
    });
    const { stdout } = await run("sh", [script], { env: cleanEnv({ ...env, LIFEBOAT_REGISTRATION_TOKEN: engine.registrationToken }) });
    installedPid = Number(await fs.readFile(path.join(home, "agent.pid"), "utf8"));
    expect(stdout).toContain(`installed agent 3.4.5-rc.1 in ${home} and started it in the background`);
    expect(stdout).not.toContain(engine.registrationToken);
    expect(await fs.readlink(path.join(home, "current"))).toBe("versions/3.4.5-rc.1");
    expect((await fs.stat(path.join(home, "agent.env"))).mode & 0o777).toBe(0o600);

    await waitFor("the installed agent's heartbeat", () => engine!.heartbeats.some((h) => h.hostName === "installed-host"), 20_000);
    expect(engine.heartbeats.find((h) => h.hostName === "installed-host")?.agentVersion).toBe("3.4.5-rc.1");
    expect((await fs.stat(path.join(home, "state", "state.json"))).mode & 0o777).toBe(0o600);
    const log = await fs.readFile(path.join(home, "agent.log"), "utf8");
    expect(log).toContain("registered with the engine as connector");
    expect(log).not.toContain(engine.registrationToken);

    // An upgrade makes the agent exit 75; run.sh starts `current` again, which is the new version.
    const next = await buildAgentPackage({ outDir: path.join(root, "dist-next"), version: "3.4.6" });
    engine.packages.set("/package/next.tgz", await fs.readFile(next.file));
    engine.queue({ id: "upg-installed", type: "upgrade", taskId: "1", targetVersion: "3.4.6", packagePath: "/package/next.tgz", sha256: next.sha256 });
    await waitFor("a heartbeat from 3.4.6", () => engine!.heartbeats.some((h) => h.hostName === "installed-host" && h.agentVersion === "3.4.6"), 30_000);
    expect(engine.results.get("upg-installed")).toEqual({ status: "Succeeded", message: "upgraded from 3.4.5-rc.1 to 3.4.6" });
    expect(await fs.readlink(path.join(home, "current"))).toBe("versions/3.4.6");
    expect(alive(installedPid)).toBe(true);

    // A stop command ends the agent for good: the wrapper does not restart it after exit 0.
    engine.queue({ id: "stop-installed", type: "stop", reason: "uninstall" });
    await waitFor("the wrapper to exit", () => !alive(installedPid!), 20_000);
    expect(await fs.readFile(path.join(home, "agent.log"), "utf8")).toContain("removed by the engine: stop command (uninstall)");
  }, 180_000); // a cap for a loaded machine: a package build, an install, an upgrade and a stop

  it("install.sh refuses a tampered package and a missing engine URL with clear errors", async () => {
    const good = await fillInstaller("http://127.0.0.1:9", "tok-123456");
    const text = await fs.readFile(good, "utf8");
    const marker = text.indexOf("__LIFEBOAT_PAYLOAD_BELOW__\n") + "__LIFEBOAT_PAYLOAD_BELOW__\n".length;
    const tampered = path.join(root, "tampered.sh");
    await fs.writeFile(tampered, text.slice(0, marker) + Buffer.from("not the package").toString("base64") + "\n");
    const env = cleanEnv({ LIFEBOAT_AGENT_HOME: path.join(root, "tampered-home"), LIFEBOAT_AGENT_SERVICE: "none" });
    await expect(run("sh", [tampered], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining(`ERROR: package checksum mismatch (expected ${pkg.sha256}`),
    });

    await expect(run("sh", [pkg.installScriptFile], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining("ERROR: no engine URL: set LIFEBOAT_ENGINE_URL"),
    });
  });
});
