// The agent's download cache with real restic: one `restic dump` per file serves every 8 MiB range
// (sequential, concurrent, out of order), a dump that fails midway is never served later, and the
// cache stays within its size and idle bounds.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestic } from "@lifeboat/restic";
import { createLogger } from "../src/log.ts";
import { createDownloadCache, downloadCacheKey, type DownloadCache } from "../src/tasks/download-cache.ts";
import { REPO_PASSWORD, resticAt } from "./data-helpers.ts";
import { tempDir } from "./helpers.ts";

const MiB = 1024 * 1024;
const CHUNK = 8 * MiB;

let work: string;
let repoDir: string;
let snapshotId: string;
let big: Buffer; // 5 chunks: 4 full, 1 partial
let mid: Buffer;
let bigPath: string;
let midPath: string;
const lines: string[] = [];
const log = createLogger((_level, line) => lines.push(line));
const caches: DownloadCache[] = [];

beforeAll(async () => {
  work = await tempDir("dump-cache");
  repoDir = path.join(work, "repo");
  const data = path.join(work, "data");
  await fs.mkdir(data, { recursive: true });
  big = randomBytes(4 * CHUNK + 1_234_567);
  mid = randomBytes(30 * MiB);
  bigPath = path.join(data, "big.bin");
  midPath = path.join(data, "mid.bin");
  await fs.writeFile(bigPath, big);
  await fs.writeFile(midPath, mid);
  const restic = resticAt(repoDir);
  await restic.init();
  await restic.backup([data]).done;
  snapshotId = (await restic.snapshots())[0]!.id;
}, 120_000);

afterAll(async () => {
  for (const c of caches) await c.close();
  await fs.rm(work, { recursive: true, force: true });
});

async function newCache(name: string, maxBytes = 256 * MiB, idleMs = 600_000, sweepMs?: number) {
  const dir = path.join(work, `cache-${name}`);
  const cache = createDownloadCache({ dir, maxBytes, idleMs, log, sweepMs });
  await cache.init();
  caches.push(cache);
  return { cache, dir };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readStream(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

function request(cache: DownloadCache, file: string, content: Buffer, offset: number, length = CHUNK, binary = "restic") {
  const restic = createRestic({ repository: { kind: "local", path: repoDir }, password: REPO_PASSWORD, binary });
  return cache.read({
    key: downloadCacheKey("repo", REPO_PASSWORD, snapshotId, file),
    repoKey: "repo",
    label: path.basename(file),
    size: content.length,
    offset,
    length: Math.min(length, content.length - offset),
    dump: (signal) => restic.dump(snapshotId, file, { signal }),
  });
}

async function readRange(cache: DownloadCache, file: string, content: Buffer, index: number, binary?: string) {
  const offset = index * CHUNK;
  const got = request(cache, file, content, offset, CHUNK, binary);
  if (!got) throw new Error("not served from the cache");
  const bytes = await readStream(got.stream);
  return { bytes, expected: content.subarray(offset, offset + CHUNK), hit: got.hit };
}

describe("download cache", () => {
  it("serves every 8 MiB range of a file from one restic dump, into a 0600 file of a 0700 folder", { timeout: 120_000 }, async () => {
    const { cache, dir } = await newCache("seq");
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    for (let i = 0; i < 5; i++) {
      const { bytes, expected, hit } = await readRange(cache, bigPath, big, i);
      expect(bytes.length).toBe(expected.length);
      expect(sha(bytes)).toBe(sha(expected));
      expect(hit).toBe(i > 0);
      if (i === 0) {
        const [file] = await fs.readdir(dir);
        expect((await fs.stat(path.join(dir, file!))).mode & 0o777).toBe(0o600);
      }
    }
    expect(cache.stats()).toMatchObject({ dumpsStarted: 1, cachedReads: 5, entries: 1, bytes: big.length });
    // The same ranges again, and an odd one across a chunk boundary: still that one dump.
    const odd = request(cache, bigPath, big, CHUNK - 10, 777)!;
    expect(sha(await readStream(odd.stream))).toBe(sha(big.subarray(CHUNK - 10, CHUNK + 767)));
    expect(cache.stats().dumpsStarted).toBe(1);
    expect(cache.sizeOf(downloadCacheKey("repo", REPO_PASSWORD, snapshotId, bigPath))).toBe(big.length);
    // Another password is another key: nothing is served to a request that could not dump it.
    expect(cache.sizeOf(downloadCacheKey("repo", "other-password", snapshotId, bigPath))).toBeUndefined();
  });

  it("serves ranges requested concurrently and out of order from one shared dump", { timeout: 120_000 }, async () => {
    const { cache } = await newCache("concurrent");
    const order = [4, 2, 0, 3, 1];
    const results = await Promise.all(order.map((i) => readRange(cache, bigPath, big, i)));
    for (const [n, r] of results.entries()) {
      expect(r.bytes.length, `range ${order[n]}`).toBe(r.expected.length);
      expect(sha(r.bytes), `range ${order[n]}`).toBe(sha(r.expected));
    }
    expect(results.filter((r) => !r.hit)).toHaveLength(1);
    expect(cache.stats()).toMatchObject({ dumpsStarted: 1, cachedReads: 5 });
  });

  it("never serves a dump that failed midway: waiting readers fail, the next request dumps again", { timeout: 120_000 }, async () => {
    const { cache, dir } = await newCache("failing");
    // The real restic, cut after 12 MB and exiting non-zero, as a dump that dies midway (I/O error, kill).
    const failing = path.join(work, "restic-fails-midway");
    await fs.writeFile(failing, `#!/bin/sh\nfor a in "$@"; do if [ "$a" = dump ]; then restic "$@" | head -c 12000000; exit 3; fi; done\nexec restic "$@"\n`, { mode: 0o755 });
    const key = downloadCacheKey("repo", REPO_PASSWORD, snapshotId, bigPath);
    // Range 3 (24–32 MiB) lies beyond what the dump writes before it fails.
    await expect(readRange(cache, bigPath, big, 3, failing)).rejects.toThrow("restic dump: exited with code 3");
    await waitFor("the failed entry to be dropped", async () => cache.stats().entries === 0 && (await fs.readdir(dir)).length === 0);
    expect(cache.sizeOf(key)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ dumpsStarted: 1, bytes: 0 });
    expect(lines.some((l) => /restic dump of big\.bin failed after \d+ bytes; not kept/.test(l))).toBe(true);
    // The next request starts a new (good) dump and gets the right bytes.
    const again = await readRange(cache, bigPath, big, 3);
    expect(again.hit).toBe(false);
    expect(sha(again.bytes)).toBe(sha(again.expected));
    expect(cache.stats().dumpsStarted).toBe(2);
  });

  it("evicts by size, skips files larger than the cache and whole-file requests", { timeout: 120_000 }, async () => {
    const { cache, dir } = await newCache("size", 60 * MiB);
    await readRange(cache, bigPath, big, 1);
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: big.length });
    // 33 MiB + 30 MiB > 60 MiB: the unread big.bin goes (least recently used).
    const midRange = await readRange(cache, midPath, mid, 2);
    expect(sha(midRange.bytes)).toBe(sha(midRange.expected));
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: mid.length, dumpsStarted: 2 });
    expect(cache.sizeOf(downloadCacheKey("repo", REPO_PASSWORD, snapshotId, bigPath))).toBeUndefined();
    await waitFor("big.bin's cache file deleted", async () => (await fs.readdir(dir)).length === 1);
    expect(lines.some((l) => l.includes("big.bin evicted to make room"))).toBe(true);

    const small = await newCache("small", 32 * MiB);
    expect(request(small.cache, bigPath, big, CHUNK)).toBeNull(); // 33 MiB file, 32 MiB cache
    expect(request(small.cache, midPath, mid, 0, mid.length)).toBeNull(); // the whole file: a plain dump
    expect(small.cache.stats()).toMatchObject({ dumpsStarted: 0, entries: 0 });
    const off = await newCache("off", 0);
    expect(request(off.cache, midPath, mid, CHUNK)).toBeNull();
  });

  it("deletes entries nobody read for the idle time, and empties its folder at start", { timeout: 120_000 }, async () => {
    const { cache, dir } = await newCache("idle", 256 * MiB, 300, 50);
    const r = await readRange(cache, midPath, mid, 0);
    expect(sha(r.bytes)).toBe(sha(r.expected));
    await waitFor("the idle entry evicted", async () => cache.stats().entries === 0 && (await fs.readdir(dir)).length === 0);

    await fs.writeFile(path.join(dir, "left-over.bin"), "plaintext of an earlier agent process");
    const restarted = createDownloadCache({ dir, maxBytes: MiB, idleMs: 1000, log });
    caches.push(restarted);
    await restarted.init();
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
