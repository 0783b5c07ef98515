// Small helpers shared by the bench scripts.

/** Parses sizes like `1G`, `200M`, `64k`, `12345` (binary multiples). */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)[iI]?[bB]?$/.exec(value.trim());
  if (!match) throw new Error(`${flag}: "${value}" is not a size (examples: 1G, 200M, 64k)`);
  const power = { "": 0, k: 1, m: 2, g: 3, t: 4 }[match[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.round(Number(match[1]) * 1024 ** power);
}

export function parseCount(value: string, flag: string): number {
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag}: "${value}" is not a positive integer`);
  return n;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
}
