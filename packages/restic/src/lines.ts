import type { Readable } from "node:stream";

/**
 * Splits a stream into lines with real backpressure: the next chunk is read only when the
 * consumer asks for the next line, so a slow consumer (an indexer writing to a database) makes
 * restic wait on a full pipe instead of making us buffer the listing.
 */
export async function* readLines(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding("utf8"); // decodes multi-byte characters split across chunks
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest !== "") yield rest;
}
