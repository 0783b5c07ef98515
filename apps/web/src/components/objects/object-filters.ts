// The Objects page's filters live in the URL (`/objects?q=web&environment=kPhysical&protection=unprotected`),
// so dashboard links, bookmarks and the back button land on the same filtered list. Unknown values
// are ignored rather than sent to the BFF.

export const ENVIRONMENTS = ["kPhysical", "kSQL"] as const;
export const PROTECTIONS = ["protected", "unprotected"] as const;

export interface ObjectFilters {
  search: string;
  environment: "" | (typeof ENVIRONMENTS)[number];
  protection: "" | (typeof PROTECTIONS)[number];
}

export const EMPTY_OBJECT_FILTERS: ObjectFilters = { search: "", environment: "", protection: "" };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | "" => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : "");

export function parseObjectFilters(params: Pick<URLSearchParams, "get">): ObjectFilters {
  return {
    search: (params.get("q") ?? "").slice(0, 500),
    environment: oneOf(ENVIRONMENTS, params.get("environment")),
    protection: oneOf(PROTECTIONS, params.get("protection")),
  };
}

/** The query string for the filters ("" when none is set), in a fixed order. */
export function objectFiltersQuery(f: ObjectFilters): string {
  const q = new URLSearchParams();
  if (f.search.trim()) q.set("q", f.search.trim());
  if (f.environment) q.set("environment", f.environment);
  if (f.protection) q.set("protection", f.protection);
  return q.toString();
}

export const sameObjectFilters = (a: ObjectFilters, b: ObjectFilters) => objectFiltersQuery(a) === objectFiltersQuery(b);
