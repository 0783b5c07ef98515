// The one `Range` form restic sends (`bytes=<start>-` or `bytes=<start>-<end>`), plus the suffix
// form `bytes=-<n>` that any HTTP client may send. Several ranges in one request are refused.
import type { ByteRange } from "./storage.ts";

export class RangeHeaderError extends Error {}

/** undefined when there is no Range header (the whole object). */
export function parseRangeHeader(header: string | undefined, sizeForSuffix: () => Promise<number>): Promise<ByteRange | undefined> | ByteRange | undefined {
  if (header === undefined || header === "") return undefined;
  const m = /^bytes=(\d{0,16})-(\d{0,16})$/.exec(header.trim());
  if (!m) throw new RangeHeaderError(`unsupported Range ${JSON.stringify(header.slice(0, 60))}: send one range such as bytes=0-1023`);
  const [, a = "", b = ""] = m;
  if (a === "" && b === "") throw new RangeHeaderError("Range bytes=- names no byte");
  if (a === "") {
    const n = Number(b);
    return sizeForSuffix().then((size) => ({ start: Math.max(0, size - n), ...(size > 0 ? { end: size - 1 } : {}) }));
  }
  const start = Number(a);
  if (b === "") return { start };
  const end = Number(b);
  if (end < start) throw new RangeHeaderError(`Range ${header} ends before it starts`);
  return { start, end };
}
