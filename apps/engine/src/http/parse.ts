// One way to read a request part with a zod schema: the parsed value, or a 400 naming the field (in
// its message and as `fieldErrors`).
import type { z } from "zod";
import { MAX_FIELD_ERRORS, zodFieldErrors } from "@lifeboat/contracts";
import { invalidFields } from "../errors.ts";

/** Prefix of the Lifeboat extension routes (outside the upstream API). */
export const LIFEBOAT_API_PREFIX = "/lifeboat/v1";

export function parsePart<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidFields(zodFieldErrors(r.error, where).slice(0, MAX_FIELD_ERRORS));
  return r.data;
}
