// upgrade: download the agent package from the engine, verify its sha256, unpack it into
// `<agentHome>/versions/<version>`, check that the new bundle runs (`--version`), then switch the
// `<agentHome>/current` symlink atomically (rename over it). Any failure before the switch leaves
// the running version and `current` untouched and is reported as Failed.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { x as untar } from "tar";
import type { CommandResult } from "@lifeboat/agent-protocol";
import type { EngineClient } from "../engine-client.ts";
import { errorMessage } from "../log.ts";
import { AGENT_VERSION, VERSION_PATTERN } from "../version.ts";

/** File name of the bundled agent inside a package (see packaging/build-package.ts). */
export const AGENT_ENTRY_FILE = "lifeboat-agent.mjs";
const MAX_PACKAGE_BYTES = 200 * 1024 * 1024;

export interface UpgradeCommand {
  targetVersion: string;
  packagePath: string;
  sha256: string;
}

export interface UpgradeContext {
  client: Pick<EngineClient, "download">;
  agentToken: string;
  agentHome: string;
  currentVersion?: string;
  verifyTimeoutMs?: number;
}

export interface UpgradeOutcome {
  result: CommandResult;
  /** Entry file of the new version to restart into, when the switch happened. */
  restartInto?: string;
}

const rand = () => randomBytes(6).toString("hex");

function runVersion(entry: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [entry, "--version"], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`new version does not start: ${(stderr || error.message).trim().slice(0, 500)}`));
      else resolve(stdout.trim());
    });
  });
}

export async function runUpgrade(cmd: UpgradeCommand, ctx: UpgradeContext): Promise<UpgradeOutcome> {
  const fail = (message: string): UpgradeOutcome => ({ result: { status: "Failed", message } });
  const current = ctx.currentVersion ?? AGENT_VERSION;
  if (!VERSION_PATTERN.test(cmd.targetVersion)) return fail(`invalid target version: ${JSON.stringify(cmd.targetVersion)}`);
  const expectedSha = cmd.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expectedSha)) return fail("invalid sha256: expected 64 hex digits");
  if (cmd.targetVersion === current) {
    return { result: { status: "Succeeded", message: `already running version ${current}` } };
  }

  const versionsDir = path.join(ctx.agentHome, "versions");
  const download = path.join(versionsDir, `.download-${rand()}.tgz`);
  const staging = path.join(versionsDir, `.staging-${cmd.targetVersion}-${rand()}`);
  const target = path.join(versionsDir, cmd.targetVersion);
  let switched = false;
  try {
    await removeLeftovers(versionsDir); // of an upgrade that was killed half-way
    await fs.mkdir(staging, { recursive: true });
    let got: { sha256: string; bytes: number };
    try {
      got = await ctx.client.download(ctx.agentToken, cmd.packagePath, download, MAX_PACKAGE_BYTES);
    } catch (error) {
      return fail(`download of version ${cmd.targetVersion} failed: ${errorMessage(error)}`);
    }
    if (got.sha256 !== expectedSha) {
      return fail(`package sha256 mismatch for version ${cmd.targetVersion}: expected ${expectedSha}, got ${got.sha256}`);
    }
    // tar refuses absolute paths and `..` entries by default, so the package cannot escape staging.
    await untar({ file: download, cwd: staging, strict: true });
    const entry = path.join(staging, AGENT_ENTRY_FILE);
    await fs.access(entry).catch(() => {
      throw new Error(`package does not contain ${AGENT_ENTRY_FILE}`);
    });
    const reported = await runVersion(entry, ctx.verifyTimeoutMs ?? 30_000);
    if (reported !== cmd.targetVersion) {
      return fail(`package reports version ${JSON.stringify(reported)}, expected ${cmd.targetVersion}`);
    }

    // Replace a leftover directory of the same version (e.g. from an interrupted upgrade).
    const stale = await fs.stat(target).then(() => true, () => false);
    if (stale) await fs.rename(target, path.join(versionsDir, `.old-${cmd.targetVersion}-${rand()}`));
    await fs.rename(staging, target);

    // rename(2) over the old link is atomic: `current` always points at a complete version.
    const link = path.join(ctx.agentHome, "current");
    const tmpLink = path.join(ctx.agentHome, `.current-${rand()}`);
    await fs.symlink(path.join("versions", cmd.targetVersion), tmpLink);
    try {
      await fs.rename(tmpLink, link);
    } catch (error) {
      await fs.rm(tmpLink, { force: true });
      throw new Error(`cannot switch ${link} to the new version: ${errorMessage(error)}`);
    }
    switched = true;
    return {
      result: { status: "Succeeded", message: `upgraded from ${current} to ${cmd.targetVersion}` },
      restartInto: path.join(link, AGENT_ENTRY_FILE),
    };
  } catch (error) {
    return fail(`upgrade to ${cmd.targetVersion} failed: ${errorMessage(error)}`);
  } finally {
    await removeLeftovers(versionsDir);
    // Keep the new version and the one running now (to go back by hand); older ones go.
    if (switched) await removeVersionsExcept(versionsDir, [cmd.targetVersion, current]);
  }
}

/** Dot-entries of `versions/` are work files of this module (downloads, staging, replaced dirs). */
async function removeLeftovers(versionsDir: string) {
  const names = await fs.readdir(versionsDir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(".")).map((n) => fs.rm(path.join(versionsDir, n), { recursive: true, force: true })),
  );
}

async function removeVersionsExcept(versionsDir: string, keep: string[]) {
  const names = await fs.readdir(versionsDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => !n.startsWith(".") && !keep.includes(n) && VERSION_PATTERN.test(n))
      .map((n) => fs.rm(path.join(versionsDir, n), { recursive: true, force: true })),
  );
}
