// Packs the agent for hosts that have only Node >= 20: one ESM bundle (esbuild) plus a
// package.json, tarred as `lifeboat-agent-<version>.tgz`, with `manifest.json` (what the engine
// serves and verifies) and `install.sh` (the kScript installer template, see README.md).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { c as createTar } from "tar";
import pkg from "../../package.json" with { type: "json" };
import { AGENT_ENTRY_FILE } from "../commands/upgrade.ts";
import { VERSION_PATTERN } from "../version.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.resolve(here, "../main.ts");
const INSTALL_TEMPLATE = path.resolve(here, "install-template.sh");
/** Fixed mtime in the tarball so the same source gives the same sha256. */
const EPOCH = new Date("2000-01-01T00:00:00Z");

export interface AgentPackage {
  version: string;
  /** Absolute path of the .tgz. */
  file: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  manifestFile: string;
  installScriptFile: string;
}

export interface Manifest {
  version: string;
  file: string;
  sha256: string;
  platform: "kLinux";
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function buildAgentPackage(opts: { outDir: string; version?: string }): Promise<AgentPackage> {
  const version = opts.version ?? pkg.version;
  if (!VERSION_PATTERN.test(version)) throw new Error(`invalid agent version ${JSON.stringify(version)}`);
  const outDir = path.resolve(opts.outDir);
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-agent-pack-"));
  try {
    await build({
      entryPoints: [MAIN],
      outfile: path.join(staging, AGENT_ENTRY_FILE),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      define: { __LIFEBOAT_AGENT_VERSION__: JSON.stringify(version) },
      // Bundled CommonJS dependencies may call require(); ESM output has none without this.
      banner: { js: 'import { createRequire as __lbCreateRequire } from "node:module";\nconst require = __lbCreateRequire(import.meta.url);' },
      legalComments: "none",
      logLevel: "silent",
    });
    const manifestPkg = { name: "lifeboat-agent", version, private: true, type: "module", engines: { node: ">=20" } };
    await fs.writeFile(path.join(staging, "package.json"), `${JSON.stringify(manifestPkg, null, 2)}\n`);

    await fs.mkdir(outDir, { recursive: true });
    for (const name of await fs.readdir(outDir)) {
      if (/^lifeboat-agent-.*\.tgz$/.test(name)) await fs.rm(path.join(outDir, name), { force: true });
    }
    const fileName = `lifeboat-agent-${version}.tgz`;
    const file = path.join(outDir, fileName);
    await createTar({ gzip: true, file, cwd: staging, portable: true, mtime: EPOCH }, [AGENT_ENTRY_FILE, "package.json"]);
    const sha256 = await sha256File(file);
    const sizeBytes = (await fs.stat(file)).size;

    const manifest: Manifest = { version, file: fileName, sha256, platform: "kLinux" };
    const manifestFile = path.join(outDir, "manifest.json");
    await fs.writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

    const template = await fs.readFile(INSTALL_TEMPLATE, "utf8");
    const installScriptFile = path.join(outDir, "install.sh");
    await fs.writeFile(
      installScriptFile,
      template.replaceAll("@AGENT_VERSION@", version).replaceAll("@AGENT_SHA256@", sha256).replaceAll("@AGENT_FILE@", fileName),
      { mode: 0o755 },
    );
    return { version, file, fileName, sha256, sizeBytes, manifestFile, installScriptFile };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
