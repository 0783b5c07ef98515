import { lifeboatVitest } from "../../packages/config/vitest.ts";

// Component tests render TSX (tsconfig keeps JSX for Next, so esbuild must transform it here);
// they opt into happy-dom per file with `// @vitest-environment happy-dom`. The browser tests start a
// real portal and Chromium, so they get generous timeouts and run one file at a time.
export default lifeboatVitest("web", {
  esbuild: { jsx: "automatic" },
  test: { testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
});
