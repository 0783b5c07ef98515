import { describe, expect, it } from "vitest";
import { checkProblems } from "./maintenance.ts";

// The report of restic 0.14's `check --read-data-subset=100%` over a repository with one pack
// file deleted (seen in the portal's alert test), shortened.
const report = [
  "using temporary cache in /tmp/restic-check-cache-1",
  "create exclusive lock for repository",
  "load indexes",
  "check all packs",
  "pack a6f21cd5: does not exist",
  "check snapshots, trees and blobs",
  "[0:00] 100.00%  1 / 1 snapshots",
  "read all data",
  "[0:37] 50.00%  1 / 2 packs",
  "[0:37] 50.00%  1 / 2 packs",
  "Load(<data/a6f21cd53a>, 123, 0) returned error, retrying after 552.330144ms: open /repo/data/a6/a6f21cd5: no such file or directory",
  "[0:43] 100.00%  2 / 2 packs",
  "pack a6f21cd5 failed to download: StreamPack: open /repo/data/a6/a6f21cd5: no such file or directory",
  "Fatal: repository contains errors",
].join("\n");

describe("checkProblems", () => {
  it("keeps the lines that name a problem, once each, without progress ticks or retries", () => {
    expect(checkProblems(report)).toEqual([
      "pack a6f21cd5: does not exist",
      "pack a6f21cd5 failed to download: StreamPack: open /repo/data/a6/a6f21cd5: no such file or directory",
      "Fatal: repository contains errors",
    ]);
  });

  it("finds nothing in a clean report", () => {
    expect(checkProblems("load indexes\ncheck all packs\ncheck snapshots, trees and blobs\n[0:00] 100.00%  1 / 1 snapshots\nno errors were found")).toEqual([]);
  });
});
