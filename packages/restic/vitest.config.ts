import { lifeboatVitest } from "../config/vitest.ts";

// The integration suites push hundreds of megabytes through real restic: running the files one
// after another keeps them from fighting over the two shared cores (and from skewing the pause test).
export default lifeboatVitest("restic", { test: { fileParallelism: false, testTimeout: 60_000 } });
