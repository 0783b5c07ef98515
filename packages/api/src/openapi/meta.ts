// `meta({ openapi })` of the area procedures, one tag per area: `.meta(policyRest("GET", "/policies", "List…"))`.
// A procedure with it is part of the OpenAPI document and the /api/v1 REST door (document.ts).
import type { OpenApiMeta } from "trpc-to-openapi";

export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The meta builder of one area (the OpenAPI tag). */
export function restOf(tag: string) {
  return (method: RestMethod, path: `/${string}`, summary: string, description?: string): OpenApiMeta => ({
    openapi: { method, path, tags: [tag], summary, ...(description ? { description } : {}) },
  });
}
