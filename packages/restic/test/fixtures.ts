// Test data on disk: incompressible trees generated with crypto.randomBytes (so restic's
// compression cannot shortcut the transfer), hashes for comparing restores, and temp dirs that
// every suite removes again.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `lifeboat-restic-${prefix}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Writes `size` random bytes in 1 MiB chunks without holding the file in memory. */
export async function writeRandomFile(file: string, size: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let left = size;
  while (left > 0) {
    const n = Math.min(left, 1 << 20);
    if (!out.write(randomBytes(n))) await once(out, "drain");
    left -= n;
  }
  out.end();
  await once(out, "finish");
}

export interface Tree {
  root: string;
  /** Relative path → size, files only. */
  files: Map<string, number>;
  totalBytes: number;
  dirs: number;
}

/** `big` large files at the top, `small` small files spread over a tree `depth` levels deep. */
export async function generateTree(
  root: string,
  opts: { big: number; bigSize: number; small: number; depth: number },
): Promise<Tree> {
  const files = new Map<string, number>();
  const dirs = new Set<string>();
  for (let i = 0; i < opts.big; i++) {
    await writeRandomFile(path.join(root, `big-${i}.bin`), opts.bigSize);
    files.set(`big-${i}.bin`, opts.bigSize);
  }
  for (let i = 0; i < opts.small; i++) {
    const parts = Array.from({ length: (i % opts.depth) + 1 }, (_, d) => `d${d}-${(i >> d) % 3}`);
    const rel = path.join(...parts, `f${i}.dat`);
    const size = 100 + ((i * 7919) % 20_000);
    await fs.mkdir(path.join(root, ...parts), { recursive: true });
    await fs.writeFile(path.join(root, rel), randomBytes(size));
    files.set(rel, size);
    for (let d = 1; d <= parts.length; d++) dirs.add(path.join(...parts.slice(0, d)));
  }
  const totalBytes = [...files.values()].reduce((a, b) => a + b, 0);
  return { root, files, totalBytes, dirs: dirs.size };
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function hashStream(stream: AsyncIterable<unknown>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/**
 * Sum of file sizes below `dir` (how much restic has written to a local repository). With
 * `completeOnly`, only finished pack files count (restic names them by their 64-hex id; a pack
 * still being written has a temporary name).
 */
export async function diskUsage(dir: string, completeOnly = false): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile() || (completeOnly && !/^[0-9a-f]{64}$/.test(entry.name))) continue;
    const st = await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => null);
    total += st?.size ?? 0;
  }
  return total;
}

/** Process state letter from /proc (R running, S sleeping, T stopped, Z zombie). */
export async function processState(pid: number): Promise<string | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat ? (stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null) : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
