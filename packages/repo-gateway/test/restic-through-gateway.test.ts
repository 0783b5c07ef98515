// Real restic against the gateway over HTTP, with repositories in local folders: backups go in,
// nothing an agent credential can send destroys data, a read-only credential restores, and the
// folder stays a valid restic repository that plain restic (as the engine runs it) checks clean.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorage, makeData, restic, rm, startGateway, tempDir, type TestGateway } from "./gateway-server.ts";

let root: string;
let gw: TestGateway;
let repoA: string;
let repoB: string;
let data: string;
let cache: string;

const snapshotIds = async (location: string) =>
  (JSON.parse(await restic(location, ["snapshots", "--json"], cache)) as { id: string }[]).map((s) => s.id);

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

beforeAll(async () => {
  root = await tempDir("it");
  repoA = path.join(root, "repo-a");
  repoB = path.join(root, "repo-b");
  data = path.join(root, "data");
  cache = path.join(root, "cache");
  await makeData(data, 24, 256 * 1024);
  // The engine creates each repository with plain restic on the storage; agents never can.
  await restic(repoA, ["init"], cache);
  await restic(repoB, ["init"], cache);
  gw = await startGateway({
    a: { storage: createLocalStorage(repoA), users: { "agent-a": "append", reader: "read" } },
    b: { storage: createLocalStorage(repoB), users: { "agent-b": "append" } },
  });
});

afterAll(async () => {
  await gw?.close();
  await rm(root, { recursive: true, force: true });
});

describe("restic through the gateway", () => {
  it("backs up with an append credential, twice, and the folder checks clean with plain restic", async () => {
    const a = gw.location("a", "agent-a");
    await restic(a, ["backup", "--json", "--tag", "lifeboat-run-1", data], cache);
    await restic(a, ["backup", "--json", "--tag", "lifeboat-run-2", data], cache);
    expect(await snapshotIds(a)).toHaveLength(2);
    expect(await snapshotIds(repoA)).toHaveLength(2);
    const check = await restic(repoA, ["check", "--read-data"], cache);
    expect(check).toMatch(/no errors were found/);
  });

  it("refuses another agent's credential and never creates a repository for an agent", async () => {
    await expect(snapshotIds(gw.location("a", "agent-b"))).rejects.toThrow(/401|unknown user/i);
    await expect(restic(gw.location("b", "agent-b"), ["init"], cache)).rejects.toThrow(/config file already exists/);
    // A repository the engine has not created cannot be initialised through the gateway.
    const fresh = path.join(root, "fresh");
    const gw2 = await startGateway({ f: { storage: createLocalStorage(fresh), users: { agent: "append" } } });
    try {
      await expect(restic(gw2.location("f", "agent"), ["init"], cache)).rejects.toThrow(/403/);
      await expect(stat(path.join(fresh, "config"))).rejects.toThrow(/ENOENT/);
    } finally {
      await gw2.close();
    }
  });

  it("an agent's forget --prune fails and every snapshot and pack stays", async () => {
    const a = gw.location("a", "agent-a");
    const before = await snapshotIds(a);
    const files = await countFiles(repoA);
    await expect(restic(a, ["forget", "--prune", before[0]!], cache)).rejects.toThrow(/403|append-only/);
    // restic removed its own lock on the way out (locks are the one thing an agent may delete).
    await expect(readdir(path.join(repoA, "locks"))).resolves.toEqual([]);
    expect(await snapshotIds(repoA)).toEqual(before);
    expect(await countFiles(repoA)).toBe(files);
  });

  it("a read credential restores but cannot write a snapshot", async () => {
    const reader = gw.location("a", "reader");
    const [id] = await snapshotIds(reader);
    const target = path.join(root, "restored");
    await restic(reader, ["restore", id!, "--target", target], cache);
    const original = await readFile(path.join(data, "d1", "f5.bin"));
    const restored = await readFile(path.join(target, data, "d1", "f5.bin"));
    expect(createHash("sha256").update(restored).digest("hex")).toBe(createHash("sha256").update(original).digest("hex"));
    await expect(restic(reader, ["backup", data], cache)).rejects.toThrow(/403|read-only/);
    expect(await snapshotIds(repoA)).toHaveLength(2);
  });
});
