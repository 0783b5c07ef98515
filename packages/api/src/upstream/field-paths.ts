// Field errors as data across the hop: the upstream names a failing field by its place in the
// upstream request ("body.backupPolicy.regular.retention.unit", "path.id"; contracts'
// field-errors.ts), the portal's forms know the procedure's input ("policy.backupPolicy…").
// A procedure that builds the upstream request from its input says where each part came from
// (`areaProcedure(path, { upstreamFields })`); the error formatter then reports the upstream's
// field errors under input paths, exactly like the BFF's own zod errors.
import { parseFieldPath, type FieldError } from "@lifeboat/contracts";
import { UpstreamError } from "@lifeboat/upstream";

/**
 * Upstream path prefix → input path prefix ("" = the input's root), longest prefix first wins.
 * E.g. `{ body: "policy" }` for `createProtectionPolicy({ body: input.policy })`, or
 * `{ "path.id": "groupId" }` when the input names a path parameter differently.
 */
export type UpstreamFieldMap = Readonly<Record<string, string>>;

/** Without a map a part's fields keep their names: `body.name` → `name`, `path.id` → `id`. */
const DEFAULT_MAP: UpstreamFieldMap = { body: "", query: "", path: "", headers: "" };

const placed = new WeakMap<UpstreamError, UpstreamFieldMap>();

/** Records, on the upstream error behind `error` (if any), where its fields live in the input. */
export function placeUpstreamFields(error: unknown, map: UpstreamFieldMap): void {
  const cause = error instanceof UpstreamError ? error : (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof UpstreamError && cause.fieldErrors.length > 0) placed.set(cause, map);
}

function segmentsOf(prefix: string): (string | number)[] {
  return prefix === "" ? [] : parseFieldPath(prefix);
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** One issue per upstream field error, its path in the procedure's input (zod-issue shaped). */
export function upstreamFieldIssues(error: UpstreamError): { path: (string | number)[]; message: string }[] {
  const map = { ...DEFAULT_MAP, ...placed.get(error) };
  const rules = Object.entries(map)
    .map(([from, to]) => ({ from: segmentsOf(from), to: segmentsOf(to) }))
    .sort((a, b) => b.from.length - a.from.length);
  return error.fieldErrors.map((field: FieldError) => {
    const path = parseFieldPath(field.path);
    const rule = rules.find((r) => startsWith(path, r.from));
    // A field no rule places is a form-level error (empty path), never dropped.
    return { path: rule ? [...rule.to, ...path.slice(rule.from.length)] : [], message: field.message };
  });
}
