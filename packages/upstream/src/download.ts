// Downloads as web ReadableStreams. File downloads (DownloadFilesFromRecovery, DownloadIndexedFile)
// are read in ranged requests of at most 8 MiB (`startOffset` + `length`, reference §Q 6), one
// request per pull, so memory holds one chunk at a time and nothing is fetched before it is read.
import type { OperationDef } from "@lifeboat/contracts";
import { UpstreamError } from "./errors.ts";
import type { Transport } from "./transport.ts";
import type { CallOptions, RawInput } from "./types.ts";

export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/** A binary operation is ranged when its query takes `startOffset` and `length`. */
export function isRangedDownload(def: OperationDef): boolean {
  if (def.responseKind !== "binary" || !def.query) return false;
  const shape = (def.query as unknown as { shape?: Record<string, unknown> }).shape;
  return !!shape && "startOffset" in shape && "length" in shape;
}

export function resolveChunkBytes(value: number | undefined): number {
  const bytes = value ?? MAX_CHUNK_BYTES;
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_CHUNK_BYTES) {
    throw new TypeError(`downloadChunkBytes must be an integer between 1 and ${MAX_CHUNK_BYTES} (8 MiB, reference §Q 6)`);
  }
  return bytes;
}

/** Total size from `Content-Range: bytes 0-99/1000`, when the server sends it. */
function totalFromContentRange(headers: Headers): number | undefined {
  const match = /\/(\d+)\s*$/.exec(headers.get("content-range") ?? "");
  return match ? Number(match[1]) : undefined;
}

function nonNegative(def: OperationDef, name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new UpstreamError({ status: 400, code: "InvalidRequest", message: `${def.name}: query.${name} must be a non-negative integer`, operation: def.name });
  }
  return value;
}

/**
 * Streams `[startOffset, startOffset + length)` of the file (the whole file from startOffset when
 * `length` is absent). The first chunk is fetched before the promise resolves, so a missing file or
 * a refused credential rejects the call itself rather than the first read. The file ends at a short
 * chunk, an empty chunk, or the total announced in Content-Range.
 */
export async function rangedDownload(
  transport: Transport,
  def: OperationDef,
  input: RawInput | undefined,
  options: CallOptions | undefined,
  chunkBytes: number,
): Promise<ReadableStream<Uint8Array>> {
  const query = input?.query ?? {};
  let offset = nonNegative(def, "startOffset", query.startOffset) ?? 0;
  const length = nonNegative(def, "length", query.length);
  const end = length === undefined ? Number.POSITIVE_INFINITY : offset + length;
  let done = offset >= end;

  async function nextChunk(): Promise<Uint8Array> {
    const want = Math.min(chunkBytes, end - offset);
    const { bytes, headers } = await transport.fetchBytes(def, { ...input, query: { ...query, startOffset: offset, length: want } }, options);
    if (bytes.length > want) {
      // A server ignoring the range would make us emit the file more than once.
      throw new UpstreamError({
        status: 502,
        code: "InvalidResponse",
        message: `${def.name}: asked for ${want} bytes at offset ${offset}, got ${bytes.length}`,
        operation: def.name,
      });
    }
    offset += bytes.length;
    const total = totalFromContentRange(headers);
    done = bytes.length < want || offset >= end || (total !== undefined && offset >= total);
    return bytes;
  }

  const first = done ? new Uint8Array(0) : await nextChunk();
  let pendingFirst: Uint8Array | undefined = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pendingFirst) {
          const chunk = pendingFirst;
          pendingFirst = undefined;
          if (chunk.length > 0) controller.enqueue(chunk);
          if (done) controller.close();
          return;
        }
        if (done) {
          controller.close();
          return;
        }
        const chunk = await nextChunk();
        if (chunk.length > 0) controller.enqueue(chunk);
        if (done) controller.close();
      },
    },
    // highWaterMark 0: fetch the next chunk only when the consumer asks for it.
    { highWaterMark: 0 },
  );
}
