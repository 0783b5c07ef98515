// Field errors as data (a Lifeboat extension of the error body of reference §0.6). Beside
// `{ errorCode, message }` a 400 of the Lifeboat engine carries `fieldErrors`: one entry per
// failing field, its path written as `formatPath` writes it and relative to the request:
//   { "errorCode": "InvalidRequest",
//     "message": "body.backupPolicy.regular.retention.unit: expected one of Days|Weeks|Months|Years, got \"Decades\"",
//     "fieldErrors": [{ "path": "body.backupPolicy.regular.retention.unit", "message": "expected one of …" }] }
// The first segment names the part of the request: `body`, `query`, `path` (path parameters) or
// `headers`. `message` stays the whole story for clients that do not read the extension.
import { z } from "zod";

export const FIELD_ERROR_PARTS = ["body", "query", "path", "headers"] as const;
/** At most this many field errors travel in one body (a huge bad array must not make a huge answer). */
export const MAX_FIELD_ERRORS = 50;

export const FieldErrorSchema = z.object({
  path: z.string().min(1).max(500),
  message: z.string().min(1).max(500),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * The error body as the Lifeboat engine writes it. Read leniently by clients (an upstream such as
 * IBM's sends the IBM handbook shape instead; `@lifeboat/upstream` reads both).
 */
export const ErrorBodySchema = z.object({
  errorCode: z.string(),
  message: z.string(),
  fieldErrors: z.array(FieldErrorSchema).max(MAX_FIELD_ERRORS).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** `a.b[0].c` from a zod path, prefixed (e.g. "body"). */
export function formatPath(path: readonly PropertyKey[], prefix?: string): string {
  let out = prefix ?? "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

/** The segments of a path `formatPath` wrote: "body.a[0].b" → ["body", "a", 0, "b"]; "(root)" → []. */
export function parseFieldPath(path: string): (string | number)[] {
  if (path === "(root)" || path === "") return [];
  const segments: (string | number)[] = [];
  for (const token of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    segments.push(token.startsWith("[") ? Number(token.slice(1, -1)) : token);
  }
  return segments;
}
