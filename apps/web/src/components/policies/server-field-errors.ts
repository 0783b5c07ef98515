// Where a BFF error belongs in a form. Two sources: the BFF's own zod check (`data.fieldErrors`,
// keyed by input path such as "policy.backupPolicy.regular.retention.duration") and the upstream's
// 400 whose message starts with the failing body path ("Upstream: physicalParams.endpoint: …",
// the engine's convention). `rules` maps a path prefix (without the input's top-level key) to a
// form field; the first matching rule wins.
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
  const message = error instanceof Error ? error.message : "";
  const upstream = /^(?:Upstream: )?([A-Za-z][\w.[\]]*): (.+)$/s.exec(message);
  if (upstream?.[1] && upstream[2]) {
    const field = fieldFor(upstream[1].replace(/\[(\d+)\]/g, ".$1"), rules);
    if (field && !out[field]) out[field] = upstream[2];
  }
  return out;
}
