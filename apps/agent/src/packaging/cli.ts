// `npm run build -w @lifeboat/agent`: writes apps/agent/dist/{lifeboat-agent-<v>.tgz,manifest.json,install.sh}.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAgentPackage } from "./build-package.ts";

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");
const started = Date.now();
const built = await buildAgentPackage({ outDir, version: process.env.LIFEBOAT_AGENT_VERSION || undefined });
console.log(
  `built ${path.relative(process.cwd(), built.file)} (${(built.sizeBytes / 1024).toFixed(0)} KiB, sha256 ${built.sha256}) in ${Date.now() - started} ms`,
);
