import { describe, expect, it } from "vitest";
import { parseRange, sliceStream } from "./byte-range.ts";

function streamOf(chunks: string[]) {
  let cancelled = false;
  let reads = 0;
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks[reads++];
      if (next === undefined) c.close();
      else c.enqueue(enc.encode(next));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, state: () => ({ cancelled, reads }) };
}

const text = async (s: ReadableStream<Uint8Array>) => new TextDecoder().decode(await new Response(s).arrayBuffer());

describe("byte ranges", () => {
  it("accepts only one closed range", () => {
    expect(parseRange("bytes=0-99")).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=100-")).toBeNull();
    expect(parseRange("bytes=-100")).toBeNull();
    expect(parseRange("bytes=0-1,5-6")).toBeNull();
    expect(parseRange("bytes=9-3")).toBeNull();
    expect(parseRange(null)).toBeNull();
  });

  it("cuts the range across chunk borders and stops reading the source after it", async () => {
    const src = streamOf(["abcd", "efgh", "ijkl", "mnop", "qrst", "uvwx"]);
    expect(await text(sliceStream(src.stream, { start: 3, end: 9 }))).toBe("defghij");
    // The source may read one chunk ahead by itself, never to the end.
    expect(src.state().cancelled).toBe(true);
    expect(src.state().reads).toBeLessThanOrEqual(4);
  });

  it("ends early when the file is shorter than the range", async () => {
    const src = streamOf(["abc"]);
    expect(await text(sliceStream(src.stream, { start: 1, end: 100 }))).toBe("bc");
  });
});
