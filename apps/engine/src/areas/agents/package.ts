// The agent package built by apps/agent (`npm run build -w @lifeboat/agent`) into
// ENGINE_AGENT_PACKAGE_DIR: manifest.json {version, file, sha256, platform}, the .tgz it names and
// install.sh, the kScript installer template (contract in apps/agent/README.md: the engine fills
// the engine URL placeholder and appends the package, base64-encoded, after the last line).
// A missing or broken package is 412 PreconditionFailed, not 503: retrying does not help, building
// the package does (the portal shows the sentence; a 503 would read "try again shortly").
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EngineError } from "../../errors.ts";

const ManifestSchema = z.object({
  version: z.string().min(1),
  file: z.string().regex(/^[\w.-]+\.tgz$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  platform: z.literal("kLinux"),
});

export interface AgentPackageInfo {
  version: string;
  sha256: string;
  packageFile: string;
  packagePath: string;
  installerPath: string;
}

export async function readAgentPackage(dir: string): Promise<AgentPackageInfo> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, "manifest.json"), "utf8");
  } catch {
    throw new EngineError(
      "PreconditionFailed",
      "the agent package has not been built: run `npm run build -w @lifeboat/agent` (or set ENGINE_AGENT_PACKAGE_DIR)",
    );
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new EngineError("PreconditionFailed", "the agent package manifest is invalid; rebuild it with `npm run build -w @lifeboat/agent`");
  }
  const m = parsed.data;
  return {
    version: m.version,
    sha256: m.sha256,
    packageFile: m.file,
    packagePath: path.join(dir, m.file),
    installerPath: path.join(dir, "install.sh"),
  };
}

/** The self-contained kScript installer: template + engine URL + base64 package appended. */
export async function buildInstaller(dir: string, engineUrl: string): Promise<{ script: Buffer; version: string }> {
  const pkg = await readAgentPackage(dir);
  let template: string;
  let tgz: Buffer;
  try {
    [template, tgz] = await Promise.all([readFile(pkg.installerPath, "utf8"), readFile(pkg.packagePath)]);
  } catch {
    throw new EngineError("PreconditionFailed", "the agent package is incomplete; rebuild it with `npm run build -w @lifeboat/agent`");
  }
  // A single-quoted shell value: the URL is ours (validated at start) and contains no quote.
  const filled = template.replaceAll("__LIFEBOAT_ENGINE_URL__", engineUrl.replaceAll("'", ""));
  const base64 = tgz.toString("base64").replace(/.{76}/g, "$&\n");
  const script = `${filled.endsWith("\n") ? filled : `${filled}\n`}${base64}\n`;
  return { script: Buffer.from(script, "utf8"), version: pkg.version };
}
