// The OpenAPI 3 document of the REST door (/api/v1): every procedure with `meta({ openapi })`,
// generated from the same zod schemas the tRPC procedures validate with, so the two cannot drift.
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { appRouter } from "../root.ts";

export const REST_BASE_PATH = "/api/v1";

let cached: { baseUrl: string; doc: OpenAPIObject } | undefined;

/**
 * `baseUrl` is where the REST routes are served, e.g. `https://portal.example.com/api/v1`
 * (a relative `/api/v1` is valid too). Generated once per process and base URL.
 */
export function openApiDocument(baseUrl: string = REST_BASE_PATH): OpenAPIObject {
  if (cached?.baseUrl === baseUrl) return cached.doc;
  const doc = generateOpenApiDocument(appRouter, {
    title: "Lifeboat portal API",
    version: "1.0.0",
    description:
      "REST door to the Lifeboat portal for apps not written in TypeScript. Authenticate with an API token " +
      "(`Authorization: Bearer lbt_…`, created in the portal under Settings → API tokens); a token acts in its " +
      "workspace with its role. Limits: per token and per user requests per minute; over the limit the answer " +
      "is 429 with Retry-After. Every read and write of the nine upstream areas (sources, protection groups and runs, " +
      "policies, recoveries, data-source connections, connectors, agents, objects) is here; reads whose filters are " +
      "objects go by POST to a `…/search` path. Downloads answer with a short-lived ticket URL of the portal's " +
      "download route, not the bytes. Writes accept an optional `idempotencyKey`: a retry with the same key and input " +
      "gets the first answer instead of acting twice. Live updates (`protectionGroup.run.watch`, `recovery.watch`) " +
      "are tRPC subscriptions (Server-Sent Events at /api/trpc) and are not part of this REST door.",
    baseUrl,
    securitySchemes: { apiToken: { type: "http", scheme: "bearer", bearerFormat: "lbt_…" } },
  });
  cached = { baseUrl, doc };
  return doc;
}
