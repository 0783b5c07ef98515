// The benchmark data set: planned entirely from a seed (tree, names, sizes, duplicates), then
// written with deterministic content. Same parameters → byte-identical tree.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { logUniform, mulberry32, randInt, randomContent, textContent } from "./prng.ts";
import { mapLimit } from "./cli.ts";

export interface DatasetParams {
  seed: number;
  totalBytes: number;
  files: number;
  /** Share of files that are exact copies of another file (dedup material). */
  duplicateRatio: number;
  /** Depth of the one deliberately deep branch (the random tree itself is ~ln(dirs) deep). */
  deepDepth: number;
  /** Size of one extra incompressible file `big-file.bin` at the top (0 or absent: none), for downloads. */
  bigFileBytes?: number;
}

export const DEFAULTS: DatasetParams = { seed: 42, totalBytes: 1 << 30, files: 200_000, duplicateRatio: 0.05, deepDepth: 32 };
export const SMALL: DatasetParams = { ...DEFAULTS, totalBytes: 64 << 20, files: 5_000 };

export interface PlannedFile {
  path: string;
  size: number;
  /** Files with the same content id have the same bytes. */
  contentId: number;
  kind: "random" | "text";
}

export interface DatasetPlan {
  params: DatasetParams;
  dirs: string[];
  files: PlannedFile[];
  /** A file name that occurs exactly once, deep in the tree (for `restic find`). */
  needle: string;
  largest: PlannedFile;
  totalBytes: number;
  duplicates: number;
  /** sha256 over every path, size and content id: equal fingerprints mean equal data sets. */
  fingerprint: string;
}

const EXT = [".txt", ".log", ".json", ".bin", ".dat", ".jpg", ".pdf", ".csv"];
const NAMES = ["report", "invoice", "photo", "notes", "export", "cache", "data", "archive", "scan", "draft"];

export function planDataset(params: DatasetParams): DatasetPlan {
  const rng = mulberry32(params.seed);
  // A random recursive tree (each directory under a uniformly chosen earlier one) ~40 files each.
  const dirs = [""];
  const dirCount = Math.max(1, Math.round(params.files / 40));
  for (let i = 1; i < dirCount; i++) {
    const parent = dirs[randInt(rng, 0, i - 1)]!;
    dirs.push(path.join(parent, `dir-${i.toString(36)}`));
  }
  let deep = "deep";
  for (let level = 1; level <= params.deepDepth; level++) {
    deep = path.join(deep, `level-${level}`);
    dirs.push(deep);
  }

  // Which files are duplicates (the last ones) and of what: decided before sizes, so that the
  // copies count against the size budget and the total lands on --size.
  const largeCount = Math.max(1, Math.round(params.files * 0.0005));
  const duplicates = Math.min(params.files - largeCount, Math.round(params.files * params.duplicateRatio));
  const firstDuplicate = params.files - duplicates;
  const sourceOf = new Map<number, number>();
  const copies = new Array<number>(params.files).fill(0);
  for (let t = firstDuplicate; t < params.files; t++) {
    // One copy of the first large file, the rest copies of small ones.
    const s = t === firstDuplicate ? 0 : randInt(rng, Math.min(largeCount, firstDuplicate - 1), firstDuplicate - 1);
    sourceOf.set(t, s);
    copies[s]!++;
  }

  // Half the bytes go to a few large files (0.05% of files), half to the many small ones.
  const raw = Array.from({ length: params.files }, (_, i) =>
    i < largeCount ? logUniform(rng, 1, 16) : logUniform(rng, 1, 512),
  );
  const weight = (from: number, to: number) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += raw[i]! * (1 + copies[i]!);
    return sum || 1;
  };
  const largeBytes = firstDuplicate === largeCount ? params.totalBytes : params.totalBytes / 2;
  const largeWeight = weight(0, largeCount);
  const smallWeight = weight(largeCount, firstDuplicate);
  const files: PlannedFile[] = raw.map((r, i) => {
    const large = i < largeCount;
    const budget = large ? largeBytes / largeWeight : (params.totalBytes - largeBytes) / smallWeight;
    const name = `${NAMES[randInt(rng, 0, NAMES.length - 1)]}-${i.toString(36)}${EXT[randInt(rng, 0, EXT.length - 1)]}`;
    const dir = i % 97 === 0 ? deep : dirs[randInt(rng, 0, dirCount - 1)]!;
    const kind = !large && rng() < 0.25 ? "text" : "random";
    return { path: path.join(dir, name), size: Math.round(r * budget), contentId: i, kind };
  });
  for (const [t, s] of sourceOf) {
    const src = files[s]!;
    files[t] = { ...files[t]!, size: src.size, contentId: src.contentId, kind: src.kind };
  }

  const needle = "lifeboat-needle.txt";
  files.push({ path: path.join(deep, needle), size: 1234, contentId: params.files, kind: "text" });
  if (params.bigFileBytes) files.push({ path: "big-file.bin", size: params.bigFileBytes, contentId: params.files + 1, kind: "random" });
  const largest = files.reduce((a, b) => (b.size > a.size ? b : a));
  const digest = createHash("sha256");
  for (const f of files) digest.update(`${f.path}\t${f.size}\t${f.contentId}\t${f.kind}\n`);
  return {
    params,
    dirs,
    files,
    needle,
    largest,
    totalBytes: files.reduce((a, f) => a + f.size, 0),
    duplicates,
    fingerprint: digest.digest("hex"),
  };
}

async function writeFile(out: string, seed: number, file: PlannedFile): Promise<void> {
  const target = path.join(out, file.path);
  if (file.kind === "text" || file.size < 64 * 1024) {
    const data =
      file.kind === "text" ? textContent(seed, file.contentId, file.size) : Buffer.concat([...randomContent(seed, file.contentId, file.size)]);
    await fs.writeFile(target, data);
    return;
  }
  const stream = createWriteStream(target);
  for (const chunk of randomContent(seed, file.contentId, file.size)) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "finish");
}

/** Writes the planned tree below `out` (which must not exist or be empty). */
export async function writeDataset(plan: DatasetPlan, out: string, onFile?: (done: number) => void): Promise<void> {
  await fs.mkdir(out, { recursive: true });
  if ((await fs.readdir(out)).length > 0) throw new Error(`${out} is not empty (use --force to replace it)`);
  for (const dir of plan.dirs) await fs.mkdir(path.join(out, dir), { recursive: true });
  let done = 0;
  await mapLimit(plan.files, 16, async (file) => {
    await writeFile(out, plan.params.seed, file);
    onFile?.(++done);
  });
}
