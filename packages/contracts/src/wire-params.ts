// Path and query strings on the wire. §0.4 / §Q 14: array query parameters travel as ONE
// comma-joined value (`?ids=a,b,c`). Encoding is for the client; decoding turns the strings an HTTP
// server sees back into the numbers, booleans and arrays the schemas expect, so a strict parse
// afterwards reports real problems (unknown parameter, wrong enum) by name.
import type { z } from "zod";

type Scalar = string | number | boolean;

/** Query object → URLSearchParams; undefined values are skipped, arrays comma-joined. */
export function encodeQuery(query: Record<string, unknown> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (!query) return params;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      params.set(key, value.map((v) => String(v as Scalar)).join(","));
    } else {
      params.set(key, String(value as Scalar));
    }
  }
  return params;
}

/** `/data-protect/policies/{id}` + `{ id: "1:2:3" }` → `/data-protect/policies/1%3A2%3A3`. */
export function fillPath(template: string, pathParams: Record<string, unknown> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined || value === null || value === "") {
      throw new Error(`path parameter "${name}" is missing for ${template}`);
    }
    // Colons are legal in a path segment; keep ids like 123:11:1 readable.
    return encodeURIComponent(String(value as Scalar)).replace(/%3A/gi, ":");
  });
}

/** Matches a concrete path against a template; returns the raw (decoded) path params or null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const match = new RegExp(`^${pattern}$`).exec(path);
  if (!match) return null;
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    out[name] = decodeURIComponent(match[i + 1] ?? "");
  });
  return out;
}

type Kind = "array" | "number" | "boolean" | "string";

function kindOf(schema: z.ZodType | undefined): { kind: Kind; element?: z.ZodType } {
  let current = schema;
  // Unwrap optional/nullable/default wrappers to the value schema.
  while (current && ["optional", "nullable", "default"].includes(current._zod.def.type)) {
    current = (current._zod.def as unknown as { innerType: z.ZodType }).innerType;
  }
  if (!current) return { kind: "string" };
  switch (current._zod.def.type) {
    case "array":
      return { kind: "array", element: (current._zod.def as unknown as { element: z.ZodType }).element };
    case "number":
    case "int":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    default:
      return { kind: "string" };
  }
}

function coerce(raw: string, kind: Kind): unknown {
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (kind === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/**
 * Raw string params (URLSearchParams or a record of path params) → values shaped for `schema`
 * (a z.object of the operation's query or path params). Unknown keys are kept as strings so the
 * strict schema names them; unconvertible values stay strings so the schema reports them.
 */
export function decodeWireParams(
  schema: z.ZodType | undefined,
  raw: URLSearchParams | Record<string, string>,
): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
  const entries = raw instanceof URLSearchParams ? [...raw.entries()] : Object.entries(raw);
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const { kind, element } = kindOf(shape[key]);
    if (kind === "array") {
      const elementKind = kindOf(element).kind;
      const previous = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      const items = value === "" ? [] : value.split(",").map((item) => coerce(item, elementKind));
      out[key] = [...previous, ...items];
    } else {
      out[key] = coerce(value, kind);
    }
  }
  return out;
}
