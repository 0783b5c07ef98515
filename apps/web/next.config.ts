import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const config: NextConfig = {
  // Workspace packages export TypeScript source (no build step), so Next compiles them.
  transpilePackages: ["@lifeboat/api", "@lifeboat/contracts", "@lifeboat/db", "@lifeboat/policy", "@lifeboat/ui", "@lifeboat/upstream"],
  // Hoisted node_modules live at the monorepo root.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  poweredByHeader: false,
  reactStrictMode: true,
  // The portal performs destructive admin actions: it must not be framed (clickjacking), and its
  // URLs (ids, filters) need not leak to other sites.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default config;
