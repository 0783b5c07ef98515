// The upgrade command against a real HTTP server serving a real package built by the packer.
import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runUpgrade } from "../src/commands/upgrade.ts";
import { createEngineClient } from "../src/engine-client.ts";
import { buildAgentPackage, type AgentPackage } from "../src/packaging/build-package.ts";
import { startFakeEngine, type FakeEngine } from "./fake-engine.ts";
import { registerDirectly, tempDir } from "./helpers.ts";

let root: string;
let pkg: AgentPackage;
let engine: FakeEngine;
let agentToken: string;
let home: string;
const packagePath = "/packages/lifeboat-agent-9.0.0.tgz";

beforeAll(async () => {
  root = await tempDir("upgrade");
  pkg = await buildAgentPackage({ outDir: path.join(root, "dist"), version: "9.0.0" });
  engine = await startFakeEngine();
  engine.packages.set(packagePath, await fs.readFile(pkg.file));
  agentToken = await registerDirectly(engine);
});
afterAll(async () => {
  await engine?.close();
  await fs.rm(root, { recursive: true, force: true });
});

// Each test starts from an "installed" 0.1.0: versions/0.1.0 with `current` pointing at it.
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(root, "home-"));
  await fs.mkdir(path.join(home, "versions", "0.1.0"), { recursive: true });
  await fs.writeFile(path.join(home, "versions", "0.1.0", "lifeboat-agent.mjs"), "// old version\n");
  await fs.symlink("versions/0.1.0", path.join(home, "current"));
  await fs.mkdir(path.join(home, "versions", "0.0.9"));
  await fs.mkdir(path.join(home, "versions", ".staging-0.0.8-dead")); // an upgrade killed half-way
});

const ctx = () => ({ client: createEngineClient({ engineUrl: engine.url }), agentToken, agentHome: home, currentVersion: "0.1.0" });
const leftovers = async () => (await fs.readdir(path.join(home, "versions"))).filter((n) => n.startsWith("."));

describe("upgrade command", () => {
  it("downloads, verifies, unpacks and switches `current` to the new version", async () => {
    const outcome = await runUpgrade({ targetVersion: "9.0.0", packagePath, sha256: pkg.sha256.toUpperCase() }, ctx());
    expect(outcome.result).toEqual({ status: "Succeeded", message: "upgraded from 0.1.0 to 9.0.0" });
    expect(await fs.readlink(path.join(home, "current"))).toBe("versions/9.0.0");
    expect(outcome.restartInto).toBe(path.join(home, "current", "lifeboat-agent.mjs"));
    expect(execFileSync(process.execPath, [outcome.restartInto!, "--version"], { encoding: "utf8" }).trim()).toBe("9.0.0");
    expect(engine.downloads).toContain(packagePath);
    expect(await leftovers()).toEqual([]);
    // The running version stays for a manual rollback; older ones are removed.
    expect((await fs.readdir(path.join(home, "versions"))).sort()).toEqual(["0.1.0", "9.0.0"]);
  });

  it("accepts a packagePath that already carries the protocol prefix", async () => {
    const outcome = await runUpgrade({ targetVersion: "9.0.0", packagePath: `/agent/v1${packagePath}`, sha256: pkg.sha256 }, ctx());
    expect(outcome.result.status).toBe("Succeeded");
  });

  it("reports Failed and keeps the old version when the sha256 does not match", async () => {
    const wrong = "0".repeat(64);
    const outcome = await runUpgrade({ targetVersion: "9.0.0", packagePath, sha256: wrong }, ctx());
    expect(outcome.result).toEqual({
      status: "Failed",
      message: `package sha256 mismatch for version 9.0.0: expected ${wrong}, got ${pkg.sha256}`,
    });
    expect(outcome.restartInto).toBeUndefined();
    expect(await fs.readlink(path.join(home, "current"))).toBe("versions/0.1.0");
    expect((await fs.readdir(path.join(home, "versions"))).sort()).toEqual(["0.0.9", "0.1.0"]);
  });

  it("reports Failed when the download fails or the package is not the announced version", async () => {
    const missing = await runUpgrade({ targetVersion: "9.0.0", packagePath: "/packages/nope.tgz", sha256: pkg.sha256 }, ctx());
    expect(missing.result.status).toBe("Failed");
    expect(missing.result.message).toMatch(/^download of version 9\.0\.0 failed: GET \/packages\/nope\.tgz → HTTP 404/);

    const mislabelled = await runUpgrade({ targetVersion: "9.0.1", packagePath, sha256: pkg.sha256 }, ctx());
    expect(mislabelled.result).toEqual({ status: "Failed", message: 'package reports version "9.0.0", expected 9.0.1' });
    expect(await fs.readlink(path.join(home, "current"))).toBe("versions/0.1.0");
    expect(await leftovers()).toEqual([]);
  });

  it("rejects versions that are not a safe directory name and malformed checksums before downloading", async () => {
    const before = engine.downloads.length;
    expect((await runUpgrade({ targetVersion: "../../etc", packagePath, sha256: pkg.sha256 }, ctx())).result).toEqual({
      status: "Failed",
      message: 'invalid target version: "../../etc"',
    });
    expect((await runUpgrade({ targetVersion: "9.0.0", packagePath, sha256: "abc" }, ctx())).result.message).toBe(
      "invalid sha256: expected 64 hex digits",
    );
    expect(engine.downloads.length).toBe(before);
  });
});
