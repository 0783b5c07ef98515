// Several tasks of one agent back up into a repository that does not exist yet: their inits must
// not race (two concurrent `restic init`s leave a key that no longer opens the config).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestic } from "../src/index.ts";
import { removeDir, tempDir, writeRandomFile } from "./fixtures.ts";

let work: string;
beforeAll(async () => {
  work = await tempDir("init");
});
afterAll(async () => removeDir(work));

describe("init", () => {
  it("creates a new repository once when many callers init it at the same time, and every one of them can back up", async () => {
    const repository = { kind: "local" as const, path: path.join(work, "repo") };
    const clients = Array.from({ length: 6 }, (_, i) => createRestic({ repository, password: "init-test-password", cacheDir: path.join(work, `cache-${i}`) }));
    const results = await Promise.all(clients.map((c) => c.init()));
    expect(results.filter((r) => r.created)).toHaveLength(1);

    const data = path.join(work, "data");
    await writeRandomFile(path.join(data, "a.bin"), 64 * 1024);
    for (const client of clients) expect((await client.backup([data]).done).snapshotId).toMatch(/^[0-9a-f]{8,64}$/);
    expect((await clients[0]!.check()).ok).toBe(true);
  }, 120_000);
});
