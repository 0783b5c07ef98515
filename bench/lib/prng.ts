// Deterministic randomness for the benchmark data set: the same seed gives the same tree, names,
// sizes and bytes on every machine, so runs of different builds compare like with like.
import { createCipheriv, createHash } from "node:crypto";

/** mulberry32: tiny, fast, good enough for choosing sizes and names (not for content). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max]. */
export function randInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Log-uniform between min and max: many small values, a long tail of large ones. */
export function logUniform(rng: () => number, min: number, max: number): number {
  return Math.round(Math.exp(Math.log(min) + rng() * (Math.log(max) - Math.log(min))));
}

/**
 * Incompressible, reproducible bytes: AES-256-CTR keystream keyed by the seed, one IV per content
 * id. Runs at memory speed with AES-NI, far faster than any JS PRNG, and two files with the same
 * content id are byte-identical (the duplicates restic should deduplicate).
 */
export function* randomContent(seed: number, contentId: number, size: number, chunk = 1 << 20): Generator<Buffer> {
  const key = createHash("sha256").update(`lifeboat-bench:${seed}`).digest();
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(contentId >>> 0, 12);
  iv.writeUInt32BE(Math.floor(contentId / 2 ** 32), 8);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const zeros = Buffer.alloc(Math.min(chunk, Math.max(size, 1)));
  let left = size;
  while (left > 0) {
    const n = Math.min(left, zeros.length);
    yield cipher.update(zeros.subarray(0, n));
    left -= n;
  }
}

const WORDS = ["backup", "restore", "snapshot", "policy", "agent", "engine", "tenant", "volume", "index", "prune"];

/** Log-like text (compresses well), reproducible from the seed and content id. */
export function textContent(seed: number, contentId: number, size: number): Buffer {
  const rng = mulberry32((seed * 2654435761 + contentId) >>> 0);
  const parts: string[] = [];
  let length = 0;
  let line = 0;
  while (length < size) {
    const text = `2026-01-01T00:${String(line % 60).padStart(2, "0")}:00Z INFO ${WORDS[randInt(rng, 0, 9)]} ${WORDS[randInt(rng, 0, 9)]} id=${randInt(rng, 0, 99_999)}\n`;
    parts.push(text);
    length += text.length;
    line++;
  }
  return Buffer.from(parts.join("").slice(0, size));
}
