// Builds the real agent package once per test run (apps/agent's packer) for every test file that
// needs one (installer, upgrades, downloads); files read its folder with inject("agentPackageDir").
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildAgentPackage } from "./helpers/agent-package.ts";

declare module "vitest" {
  export interface ProvidedContext {
    agentPackageDir: string;
  }
}

/** The version of the built package: newer than the agent run from source (0.1.0), so upgrades happen. */
export const PACKAGE_VERSION = "0.1.1";

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-agent-pkg-"));
  await buildAgentPackage(dir, PACKAGE_VERSION);
  project.provide("agentPackageDir", dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
