import path from "node:path";
import { fileURLToPath } from "node:url";
import { lifeboatVitest } from "../../packages/config/vitest.ts";

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), "src");

// Component tests render TSX (tsconfig keeps JSX for Next, so esbuild must transform it here);
// they opt into happy-dom per file with `// @vitest-environment happy-dom`. The browser tests start a
// real portal and Chromium, so they get generous timeouts and run one file at a time.
export default lifeboatVitest("web", {
  esbuild: { jsx: "automatic" },
  resolve: { alias: { "@": src } },
  test: { testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
});
