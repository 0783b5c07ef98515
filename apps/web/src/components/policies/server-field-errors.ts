// Where a BFF error belongs in a form. The BFF puts every field error at `data.fieldErrors`, keyed
// by the procedure's input path ("policy.backupPolicy.regular.retention.duration"): its own zod
// checks and the upstream's 400 alike (the engine names the failing fields as data, the BFF places
// them at input paths; packages/api upstream/field-paths.ts). `rules` maps a path prefix (without
// the input's top-level key) to a form field; the first matching rule wins.
import { fieldErrorsOf } from "@/lib/trpc-errors.ts";

export type FieldRule<F extends string> = [prefix: string | RegExp, field: F | ((path: string) => F)];

function fieldFor<F extends string>(path: string, rules: FieldRule<F>[]): F | null {
  for (const [prefix, field] of rules) {
    const hit = typeof prefix === "string" ? path === prefix || path.startsWith(`${prefix}.`) : prefix.test(path);
    if (hit) return typeof field === "function" ? field(path) : field;
  }
  return null;
}

/** Field → message for every error the rules can place; `inputKey` is stripped from BFF paths. */
export function serverFieldErrors<F extends string>(error: unknown, inputKey: string, rules: FieldRule<F>[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [rawPath, message] of Object.entries(fieldErrorsOf(error))) {
    const path = rawPath.startsWith(`${inputKey}.`) ? rawPath.slice(inputKey.length + 1) : rawPath;
    const field = fieldFor(path, rules);
    if (field && !out[field]) out[field] = message;
  }
  return out;
}
