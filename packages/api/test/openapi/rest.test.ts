// The OpenAPI document validates, and the REST door answers over real HTTP with API-token auth:
// a read, a write with a path parameter, refusals (no token, revoked token, role), and 429 with
// Retry-After. The handler is mounted on a plain node:http server (the Next route calls the same
// `handleRestRequest`).
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createApiRateLimiter, openApiDocument, type ApiRateLimiter } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startRestServer, type RestServer } from "./rest-server.ts";

let t: TestDb;
let cast: Cast;
let rest: RestServer;
let rateLimiter: ApiRateLimiter = createApiRateLimiter();

beforeAll(async () => {
  t = await openTestDb("rest");
  cast = await createCast(t.db);
  rest = await startRestServer(() => ({ db: t.db, rateLimiter }));
}, 60_000);
afterAll(async () => {
  await rest?.close();
  await t?.close();
});

const call = (path: string, token: string | null, init: RequestInit = {}) => rest.call(path, token, init);

/** The nine upstream areas (reference §1) as the routers name them; `run` lives under protectionGroup. */
const AREAS = ["source", "protectionGroup", "policy", "recovery", "connection", "connector", "agent", "object"];

/** Every query and mutation of the area routers, read from appRouter itself. */
const areaProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([path, procedure]) => AREAS.includes(path.split(".")[0]!) && procedure._def.type !== "subscription")
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3 document covering the dashboard and API tokens", async () => {
    const doc = openApiDocument("http://portal.example.test/api/v1");
    const validated = await SwaggerParser.validate(structuredClone(doc) as never);
    expect(validated.info.title).toBe("Lifeboat portal API");
    const paths = Object.keys(doc.paths ?? {});
    expect(paths).toEqual(expect.arrayContaining(["/dashboard/summary", "/dashboard/series", "/api-tokens", "/api-tokens/{id}/revoke", "/policies", "/protection-groups/{id}"]));
    expect(doc.components?.securitySchemes).toHaveProperty("apiToken");
    expect(doc.info.description).toContain("not part of this REST door");
  });

  it("finds all nine areas' procedures in the router", () => {
    expect(new Set(areaProcedures.map((p) => p.path.split(".")[0]))).toEqual(new Set(AREAS));
    expect(areaProcedures.length).toBeGreaterThanOrEqual(45);
  });

  const operations = () => {
    const doc = openApiDocument("http://portal.example.test/api/v1");
    const found = new Map<string, { method: string; path: string; tags: string[]; summary: string; responses: Record<string, unknown> }>();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId: string; tags: string[]; summary: string; responses: Record<string, unknown> }>)) {
        found.set(op.operationId, { method, path, tags: op.tags, summary: op.summary, responses: op.responses });
      }
    }
    return found;
  };

  it.each(areaProcedures)("has a REST route for $type $path", ({ path, type }) => {
    const op = operations().get(path.replaceAll(".", "-"));
    expect(op, `${path} has no meta({ openapi }) (src/openapi/meta.ts)`).toBeDefined();
    expect(op!.tags).toHaveLength(1);
    expect(op!.summary.length).toBeGreaterThan(5);
    expect(op!.responses).toHaveProperty("200");
    // Queries are reads: GET, or POST to a …/search path when their filters are objects (or the upstream reads by POST).
    if (type === "query") expect(op!.method === "get" || /\/search$|\/restore-points$/.test(op!.path)).toBe(true);
    else expect(op!.method).not.toBe("get");
  });
});

describe("REST door", () => {
  it("serves a read and a write to a token, and refuses requests without a live token", async () => {
    const { token, apiToken } = await cast.caller("admin").apiToken.create({ name: "rest", role: "viewer" });
    const other = await cast.caller("admin").apiToken.create({ name: "rest-2", role: "viewer" });

    const summary = await call("/dashboard/summary", token);
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ objects: { protected: 0, unprotected: 0, total: 0 }, runs: { last24h: {} } });

    const series = await call("/dashboard/series?days=3", token);
    expect(((await series.json()) as { days: unknown[] }).days).toHaveLength(3);

    const list = await call("/api-tokens?includeInactive=true", token);
    const listed = (await list.json()) as { items: { id: string; createdAt: string }[] };
    expect(listed.items.map((i) => i.id)).toEqual(expect.arrayContaining([apiToken.id, other.apiToken.id]));
    expect(typeof listed.items[0]!.createdAt).toBe("string");

    // A token never changes tokens (authority.ts), neither another user's nor its own user's: 403,
    // and both stay active.
    const operators = await cast.caller("operator").apiToken.create({ name: "operator-own", role: "viewer" });
    const foreign = await call(`/api-tokens/${operators.apiToken.id}/revoke`, token, { method: "POST", body: "{}" });
    expect(foreign.status).toBe(403);
    const own = await call(`/api-tokens/${other.apiToken.id}/revoke`, token, { method: "POST", body: "{}" });
    expect(own.status).toBe(403);
    const after = (await (await call("/api-tokens?includeInactive=true", token)).json()) as { items: { id: string; state: string }[] };
    expect(after.items.find((i) => i.id === other.apiToken.id)?.state).toBe("active");

    const none = await call("/dashboard/summary", null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");

    await cast.caller("admin").apiToken.revoke({ id: apiToken.id });
    const revoked = await call("/dashboard/summary", token);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { message: string }).message).toBe('API token "rest" was revoked');

    const live = (await cast.caller("viewer").apiToken.create({ name: "rest-3", role: "viewer" })).token;
    const badInput = await call("/dashboard/series?days=99", live);
    expect(badInput.status).toBe(400);
  });

  it("answers 429 with Retry-After over the token's limit", async () => {
    rateLimiter = createApiRateLimiter({ perToken: 2, perUser: 100, windowSeconds: 60 });
    const { token } = await cast.caller("operator").apiToken.create({ name: "rest-busy", role: "viewer" });
    expect((await call("/dashboard/summary", token)).status).toBe(200);
    expect((await call("/dashboard/summary", token)).status).toBe(200);
    const limited = await call("/dashboard/summary", token);
    expect(limited.status).toBe(429);
    // Seconds until the 60 s window frees a slot: at most the window, at least 1 (however slow the machine).
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { code: string }).code).toBe("TOO_MANY_REQUESTS");
  });
});
