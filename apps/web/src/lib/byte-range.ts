// HTTP Range for the download route. The redeemed upstream stream always starts at byte 0, so a
// range is cut out of it while it flows (skip, then pass `length` bytes, then stop reading):
// nothing is buffered beyond one chunk. Only a closed range (`bytes=N-M`) is answered with 206,
// because the total size is unknown up front and Content-Range must then read `N-M/*`; open or
// suffix ranges, or several ranges, get the whole file (a server may ignore Range, RFC 9110 §14.2).

export interface ByteRange {
  start: number;
  end: number; // inclusive
}

export function parseRange(header: string | null): ByteRange | null {
  if (!header) return null;
  const m = /^bytes=(\d{1,15})-(\d{1,15})$/.exec(header.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end >= start ? { start, end } : null;
}

/** Passes bytes start..end (inclusive) of the source and cancels the source once past them. */
export function sliceStream(source: ReadableStream<Uint8Array>, range: ByteRange): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (offset > range.end) {
          controller.close();
          await reader.cancel();
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        const chunkStart = offset;
        offset += value.byteLength;
        if (offset <= range.start) continue; // wholly before the range
        const from = Math.max(0, range.start - chunkStart);
        const to = Math.min(value.byteLength, range.end + 1 - chunkStart);
        controller.enqueue(value.subarray(from, to));
        if (offset > range.end) {
          controller.close();
          await reader.cancel();
        }
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
