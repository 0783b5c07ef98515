// Turns an operations table into one method per entry, named after it. Nothing here knows a
// particular operation: adding an entry to the contracts' table adds a client method.
import type { OperationDef } from "@lifeboat/contracts";
import { isRangedDownload, rangedDownload, resolveChunkBytes } from "./download.ts";
import { createTransport, type Transport, type UpstreamClientConfig } from "./transport.ts";
import type { CallOptions, OperationMethods, RawInput } from "./types.ts";

export function bindOperations<T extends Record<string, OperationDef>>(table: T, transport: Transport): OperationMethods<T> {
  const chunkBytes = resolveChunkBytes(transport.config.downloadChunkBytes);
  const methods: Record<string, (input?: RawInput, options?: CallOptions) => Promise<unknown>> = {};
  for (const [name, def] of Object.entries(table)) {
    if (def.name !== name) throw new TypeError(`operations table entry "${name}" is named "${def.name}"`);
    if (def.responseKind === "binary") {
      methods[name] = isRangedDownload(def)
        ? (input, options) => rangedDownload(transport, def, input, options, chunkBytes)
        : (input, options) => transport.openStream(def, input, options);
    } else {
      methods[name] = (input, options) => transport.call(def, input, options);
    }
  }
  return methods as OperationMethods<T>;
}

/** A client over any table — the real one in client.ts, small ones in unit tests. */
export function createOperationClient<T extends Record<string, OperationDef>>(table: T, config: UpstreamClientConfig): OperationMethods<T> {
  return bindOperations(table, createTransport(config));
}
