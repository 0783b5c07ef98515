// Fault suite, part 2 (issue 12 items 1, 7): requests and tasks that go wrong end that one request
// or task with a clear status, never the process: a single-file download past the end or of a
// missing file, a download the client abandons, and a data pack deleted from the repository. After each, the engine still serves; at
// the end nothing is lost (the next backups succeed — the one after the deleted pack repairs the
// repository — restic check is clean, the engine lists the repository's snapshots). Real processes,
// one stack for the file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultStack, type FaultStack } from "./fault-stack.ts";
import { abandonedDownload, dataset, deletedPack, failedDownload, verifyNothingLost, type Dataset } from "./scenarios.ts";

let stack: FaultStack;
let data: Dataset;

beforeAll(async () => {
  stack = await startFaultStack({ name: "requests" });
  data = await dataset(stack, "requests", { "big.bin": 8 * 1024 * 1024, "small.txt": 2000 });
}, 300_000);
afterAll(async () => stack?.stop());

describe("faults of one request or task", () => {
  it("a download past the end is 400 and of a missing file 404, each naming it; the engine serves on", { timeout: 300_000 }, async () => {
    const o = await failedDownload(stack, data, 30);
    expect(o.statuses, o.message).toEqual([400, 404]);
    expect(o.message).toContain("beyond the end");
    expect(o.message).toContain("no-such-file");
  });

  it("an abandoned download ends its agent task; the engine serves on", { timeout: 300_000 }, async () => {
    const o = await abandonedDownload(stack, data, 60);
    expect(["Canceled", "Failed"]).toContain(o.finalState);
    expect(o.message).toMatch(/client|went away|closed/i);
  });

  it("a deleted pack fails the download of its file with 503 naming the damage; the engine serves on", { timeout: 300_000 }, async () => {
    const o = await deletedPack(stack, data, 120);
    expect(o.finalState, o.message).toBe("HTTP 503");
    expect(o.message).toMatch(/could not be read/);
  });

  it("nothing is lost: the next backup repairs the repository, restic check is clean, lists agree", { timeout: 600_000 }, async () => {
    const lost = await verifyNothingLost(stack, [data.groupId]);
    expect(lost.nextRuns).toEqual(["Succeeded"]);
    expect(lost.resticCheckOk, lost.resticCheckOutput).toBe(true);
    expect(lost.unknownToEngine).toEqual([]);
    expect(lost.missingFromRepository).toEqual([]);
    expect(lost.succeededRunsWithoutSnapshot).toBe(0);
  });
});
