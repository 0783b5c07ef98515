import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const config: NextConfig = {
  // Workspace packages export TypeScript source (no build step), so Next compiles them.
  transpilePackages: ["@lifeboat/api", "@lifeboat/contracts", "@lifeboat/db", "@lifeboat/ui", "@lifeboat/upstream"],
  // Hoisted node_modules live at the monorepo root.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
