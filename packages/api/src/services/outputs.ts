// Output schemas of the area procedures: the contracts' tolerant response models (unknown upstream
// fields kept, reference §Q 11) plus what the BFF adds (pages, views, tickets). They describe the
// answers in the OpenAPI document of the REST door (src/openapi) and check them for tRPC callers.
import { z } from "zod";

/** `{ items, nextCursor }` of a listing (services/list-page.ts or the upstream client's pages). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** An indexed search hit: its shape depends on the object type searched, so every field is kept. */
export const IndexedObjectSchema = z.record(z.string(), z.unknown());

const TimingFields = {
  status: z.string().nullable(),
  finished: z.boolean(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
};

/** services/views.ts `withRecoveryView`. */
export const TimingViewSchema = z.object(TimingFields);

/** services/views.ts `runView`. */
export const RunViewSchema = z.object({ ...TimingFields, progress: z.number().nullable(), etaMs: z.number().nullable() });

/** services/download-ticket.ts `IssuedTicket`: the REST door hands out the URL, never bytes. */
export const IssuedTicketSchema = z.object({
  ticket: z.string(),
  url: z.string().meta({ description: "Relative URL of the portal's download route; GET it to stream the bytes (Range supported)" }),
  expiresAt: z.date(),
  fileName: z.string(),
});

/** A boolean that also reads the query-string spellings "true"/"false" (GET and DELETE inputs). */
export const QueryBooleanSchema = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((value) => value === true || value === "true");

/** `{ <id fields>, deleted: true }`, the answer of every delete. */
export function DeletedSchema<S extends z.ZodRawShape>(ids: S) {
  return z.object({ ...ids, deleted: z.literal(true) });
}
