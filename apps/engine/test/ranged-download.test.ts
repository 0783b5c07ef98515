// A ~40 MiB file downloaded through @lifeboat/upstream in the API's 8 MiB ranges (DownloadIndexedFile,
// §Q 6): identical bytes, and the agent ran `restic dump` of it once for all ranges (its download
// cache), not once per range from byte 0. Real engine, agent, restic and PostgreSQL.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { createPolicyAndGroup, readAll, startStack, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

const MiB = 1024 * 1024;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack("ranged");
}, 180_000);
afterAll(async () => stack?.stop());

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("ranged single-file download", () => {
  it("downloads a 40 MiB file in 8 MiB ranges with one restic dump on the agent", { timeout: 240_000 }, async () => {
    const { api } = stack;
    const src = path.join(stack.tmp, "data");
    await writeTree(src, { "big.bin": 40 * MiB + 4321, "small.txt": 1000 });
    const bigPath = path.join(src, "big.bin");
    const original = await readFile(bigPath);
    const { group } = await createPolicyAndGroup(stack, "ranged-policy", src, {});
    await api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    expect((await waitRun(api, group.id!)).localBackupInfo!.status).toBe("Succeeded");
    const snapshotId = await waitFor("the snapshot", async () => (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots?.[0]?.id);

    const dumpsOf = (file: string) => stack.agent.output().split("\n").filter((l) => l.includes(`restic dump of ${file} `) && /started|not cached/.test(l));
    // The typed client reads the whole file as six ranged requests (5 × 8 MiB + 4321 bytes).
    const whole = await readAll(await api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: bigPath } }));
    expect(whole.length).toBe(original.length);
    expect(sha(whole)).toBe(sha(original));
    // A range in the middle, later: from the same cached dump.
    const middle = await readAll(await api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: bigPath, startOffset: 3 * 8 * MiB + 5, length: 100_000 } }));
    expect(sha(middle)).toBe(sha(original.subarray(3 * 8 * MiB + 5, 3 * 8 * MiB + 100_005)));

    const dumps = dumpsOf(bigPath);
    expect(dumps, dumps.join("\n")).toHaveLength(1);
    expect(dumps[0]).toContain("download cache: restic dump of");
    // Each range was a content task of its own: six for the whole file, one for the middle.
    const tasks = stack.agent.output().split("\n").filter((l) => /: content started$/.test(l));
    expect(tasks.length).toBeGreaterThanOrEqual(7);

    // A small file in one request is a plain dump, never written to the cache.
    const small = await readAll(await api.downloadIndexedFile({ pathParams: { snapshotsId: snapshotId }, query: { filePath: path.join(src, "small.txt") } }));
    expect(sha(small)).toBe(sha(await readFile(path.join(src, "small.txt"))));
    expect(dumpsOf(path.join(src, "small.txt"))).toEqual([expect.stringContaining("(not cached)")]);
  });
});
