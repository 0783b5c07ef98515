// Shared Vitest preset: every package writes a JSON report to <root>/.reports so that .ci/run can
// sum passed/failed tests across all runners into one closing line.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig, type UserConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function lifeboatVitest(name: string, extra: UserConfig = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        name,
        include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "test/**/*.test.tsx"],
        reporters: ["default", "json"],
        outputFile: { json: path.join(root, ".reports", `vitest-${name}.json`) },
        testTimeout: 30_000,
        hookTimeout: 120_000,
        // On CI (2 shared cores, real processes and timers) a failed test gets one more attempt; one
        // that passes only then is listed as flaky at the end of the run, not hidden.
        retry: process.env.CI ? 1 : 0,
        setupFiles: [path.join(root, "packages/config/vitest-attempts.ts")],
      },
    }),
    extra,
  );
}
