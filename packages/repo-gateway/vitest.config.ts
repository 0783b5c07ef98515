import { lifeboatVitest } from "../config/vitest.ts";

// The gateway tests run real restic through a real HTTP server: one file at a time on the shared cores.
export default lifeboatVitest("repo-gateway", { test: { fileParallelism: false, testTimeout: 120_000 } });
