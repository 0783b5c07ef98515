// Builds the real agent package (apps/agent's packer, in a child process) into a temp folder that
// the engine under test serves as ENGINE_AGENT_PACKAGE_DIR.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import path from "node:path";
import { repoRoot, tsxBin } from "./engine-process.ts";

const run = promisify(execFile);

export async function buildAgentPackage(outDir: string, version?: string): Promise<void> {
  const packer = path.join(repoRoot, "apps/agent/src/packaging/build-package.ts");
  await mkdir(outDir, { recursive: true });
  const script = path.join(outDir, "pack.mts");
  await writeFile(
    script,
    `import { buildAgentPackage } from ${JSON.stringify(packer)};
await buildAgentPackage({ outDir: ${JSON.stringify(outDir)}${version ? `, version: ${JSON.stringify(version)}` : ""} });\n`,
  );
  await run(tsxBin, [script], { cwd: repoRoot, timeout: 120_000 });
}
