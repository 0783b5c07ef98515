// Unit test of the error mapping and the formatter, through tRPC's real fetch handler (in-process,
// no database): what a browser would receive for each kind of failure.
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { UpstreamError, type UpstreamErrorInit } from "@lifeboat/upstream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toTRPCError } from "./errors.ts";
import { publicProcedure, router } from "./trpc.ts";
import type { Context } from "./context.ts";
import type { ApiLog } from "./log.ts";
import { rateLimitResponseMeta } from "./rate-limit/api-rate-limiter.ts";
import { placeUpstreamFields } from "./upstream/field-paths.ts";

const upstream = (status: number, code = "X", message = "upstream said no", more: Partial<UpstreamErrorInit> = {}) =>
  new UpstreamError({ status, code, message, requestId: "req-42", ...more });

describe("toTRPCError", () => {
  it.each([
    [400, "BAD_REQUEST"],
    [403, "FORBIDDEN"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [412, "PRECONDITION_FAILED"],
    [413, "PAYLOAD_TOO_LARGE"],
    [422, "UNPROCESSABLE_CONTENT"],
    [429, "TOO_MANY_REQUESTS"],
    [500, "BAD_GATEWAY"],
    [501, "NOT_IMPLEMENTED"],
    [502, "BAD_GATEWAY"],
    [503, "SERVICE_UNAVAILABLE"],
    [504, "GATEWAY_TIMEOUT"],
  ])("maps upstream HTTP %i to %s", (status, code) => {
    expect(toTRPCError(upstream(status)).code).toBe(code);
  });

  it("maps the client's own failures: deadline → TIMEOUT, broken contract → BAD_GATEWAY", () => {
    expect(toTRPCError(upstream(504, "Timeout")).code).toBe("TIMEOUT");
    expect(toTRPCError(upstream(502, "InvalidResponse")).code).toBe("BAD_GATEWAY");
  });

  it("treats an upstream 401 as a server-side connection problem (502), neither an expired session nor a BFF bug", () => {
    const mapped = toTRPCError(upstream(401, "AuthenticationFailed"));
    expect(mapped.code).toBe("BAD_GATEWAY");
    expect(mapped.message).toMatch(/upstream connection/);
  });

  it("keeps the upstream's sentence for a wrong-state action (409)", () => {
    expect(toTRPCError(upstream(409, "Conflict", "run 1:2 already finished (Succeeded); nothing to cancel"))).toMatchObject({
      code: "CONFLICT",
      message: "Upstream: run 1:2 already finished (Succeeded); nothing to cancel",
    });
  });

  it("says plainly when the upstream does not implement an operation (501)", () => {
    expect(toTRPCError(upstream(501, "NotImplemented", "handler missing in engine.ts")).message).toBe(
      "The upstream service does not implement this operation yet (HTTP 501)",
    );
  });

  it("hides 5xx upstream messages and unknown errors", () => {
    expect(toTRPCError(upstream(503, "X", "stack trace at db01:5432")).message).not.toContain("db01");
    const unknown = toTRPCError(new Error("connect ECONNREFUSED postgres://admin:pw@db"));
    expect(unknown).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  });
});

const testRouter = router({
  boom: publicProcedure.mutation(() => {
    throw new Error("password=hunter2 leaked into an exception");
  }),
  conflict: publicProcedure.mutation(() => {
    throw upstream(409, "Conflict", "A protection group with this name exists");
  }),
  form: publicProcedure
    .input(z.object({ name: z.string().min(3), nested: z.object({ port: z.number().int() }) }))
    .mutation(() => "ok"),
  denied: publicProcedure.query(() => {
    throw new TRPCError({ code: "FORBIDDEN", message: "Not for you" });
  }),
  // An upstream 400 naming its failing fields, from a procedure that sent `body: input.policy`.
  invalidPolicy: publicProcedure.input(z.object({ policy: z.looseObject({}) })).mutation(() => {
    const error = upstream(400, "InvalidRequest", "body.backupPolicy.blackoutWindow[1].endTime: must differ from startTime", {
      fieldErrors: [
        { path: "body.backupPolicy.blackoutWindow[1].endTime", message: "must differ from startTime" },
        { path: "(root)", message: "one of the policy's rules failed" },
      ],
    });
    placeUpstreamFields(error, { body: "policy" });
    throw error;
  }),
  busy: publicProcedure.mutation(() => {
    throw upstream(429, "TooManyRequests", "slow down", { retryAfter: 7 });
  }),
});

// The audit middleware writes rows for mutations; a stand-in db records them for this unit test.
const written: unknown[] = [];
const logged: { message: string; fields: Record<string, unknown> | undefined }[] = [];
const log: ApiLog = { info: () => {}, warn: () => {}, error: (message, fields) => void logged.push({ message, fields }) };
const ctx = {
  db: { auditEvent: { create: async (args: unknown) => void written.push(args) } },
  session: null,
  clientIp: "127.0.0.1",
  log,
  selectedWorkspaceId: null,
  persistWorkspaceSelection: () => {},
  upstreamFor: async () => {
    throw new Error("not used");
  },
} as unknown as Context;

async function call(path: string, body?: unknown) {
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: testRouter,
    createContext: () => ctx,
    responseMeta: rateLimitResponseMeta,
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: body === undefined && path === "denied" ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined && path === "denied" ? {} : { body: JSON.stringify({ json: body ?? null }) }),
    }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
}

describe("error formatter", () => {
  it("gives zod field errors flattened by path", async () => {
    const { status, json } = await call("form", { name: "x", nested: { port: 1.5 } });
    expect(status).toBe(400);
    // One line per failing field path (wording of each line is formatZodIssues' business).
    expect(json.error.json.message).toMatch(/^name: .*3.*; nested\.port: .+$/);
    const fieldErrors = (json.error.json.data.fieldErrors as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["name", "nested.port"]);
  });

  it("passes the upstream request id and a safe message", async () => {
    const { status, json } = await call("conflict", {});
    expect(status).toBe(409);
    expect(json.error.json.message).toBe("Upstream: A protection group with this name exists");
    expect(json.error.json.data).toMatchObject({ code: "CONFLICT", upstreamRequestId: "req-42" });
  });

  it("never exposes an internal error's message or stack, and logs it once with its cause, secrets redacted", async () => {
    logged.length = 0;
    const { status, json } = await call("boom", {});
    expect(status).toBe(500);
    expect(JSON.stringify(json)).not.toContain("hunter2");
    expect(json.error.json.data).not.toHaveProperty("stack");
    expect(json.error.json.message).toBe("Internal server error");
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ path: "boom", code: "INTERNAL_SERVER_ERROR", cause: expect.stringContaining("leaked into an exception") });
    expect(String(logged[0]?.fields?.cause)).toContain("password=***");
    expect(JSON.stringify(logged)).not.toContain("hunter2");
  });

  it("places an upstream 400's field errors at the procedure's input paths", async () => {
    const { status, json } = await call("invalidPolicy", { policy: {} });
    expect(status).toBe(400);
    expect(json.error.json.message).toBe("Upstream: body.backupPolicy.blackoutWindow[1].endTime: must differ from startTime");
    expect(json.error.json.data.fieldErrors).toEqual({
      formErrors: ["one of the policy's rules failed"],
      fieldErrors: { "policy.backupPolicy.blackoutWindow.1.endTime": ["must differ from startTime"] },
    });
  });

  it("passes an upstream 429 on as 429 with its Retry-After, and logs nothing", async () => {
    logged.length = 0;
    const { status, headers, json } = await call("busy", {});
    expect(status).toBe(429);
    expect(headers.get("retry-after")).toBe("7");
    expect(json.error.json.message).toBe("Upstream: slow down");
    expect(logged).toEqual([]);
  });

  it("keeps deliberate messages", async () => {
    const { status, json } = await call("denied");
    expect(status).toBe(403);
    expect(json.error.json.message).toBe("Not for you");
  });

  it("audited every mutation, refused or not, without its input", () => {
    expect(written).toHaveLength(5);
    expect(JSON.stringify(written)).not.toContain("hunter2");
    expect(written).toContainEqual({
      data: expect.objectContaining({ procedure: "conflict", outcome: "error", errorCode: "CONFLICT", upstreamRequestId: "req-42" }),
    });
  });
});
