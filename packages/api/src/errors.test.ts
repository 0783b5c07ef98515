// Unit test of the error mapping and the formatter, through tRPC's real fetch handler (in-process,
// no database): what a browser would receive for each kind of failure.
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { UpstreamError } from "@lifeboat/upstream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toTRPCError } from "./errors.ts";
import { publicProcedure, router } from "./trpc.ts";
import type { Context } from "./context.ts";
import { silentLog } from "./log.ts";

const upstream = (status: number, code = "X", message = "upstream said no") =>
  new UpstreamError({ status, code, message, requestId: "req-42" });

describe("toTRPCError", () => {
  it.each([
    [400, "BAD_REQUEST"],
    [403, "FORBIDDEN"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [412, "PRECONDITION_FAILED"],
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

  it("treats an upstream 401 as a server-side connection problem, not an expired session", () => {
    const mapped = toTRPCError(upstream(401, "AuthenticationFailed"));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toMatch(/upstream connection/);
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
});

// The audit middleware writes rows for mutations; a stand-in db records them for this unit test.
const written: unknown[] = [];
const ctx = {
  db: { auditEvent: { create: async (args: unknown) => void written.push(args) } },
  session: null,
  clientIp: "127.0.0.1",
  log: silentLog,
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
    req: new Request(`http://localhost/api/trpc/${path}`, {
      method: body === undefined && path === "denied" ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined && path === "denied" ? {} : { body: JSON.stringify({ json: body ?? null }) }),
    }),
  });
  return { status: res.status, json: (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
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

  it("never exposes an internal error's message or stack", async () => {
    const { status, json } = await call("boom", {});
    expect(status).toBe(500);
    expect(JSON.stringify(json)).not.toContain("hunter2");
    expect(json.error.json.data).not.toHaveProperty("stack");
    expect(json.error.json.message).toBe("Internal server error");
  });

  it("keeps deliberate messages", async () => {
    const { status, json } = await call("denied");
    expect(status).toBe(403);
    expect(json.error.json.message).toBe("Not for you");
  });

  it("audited every mutation, refused or not, without its input", () => {
    expect(written).toHaveLength(3);
    expect(JSON.stringify(written)).not.toContain("hunter2");
    expect(written).toContainEqual({
      data: expect.objectContaining({ procedure: "conflict", outcome: "error", errorCode: "CONFLICT", upstreamRequestId: "req-42" }),
    });
  });
});
