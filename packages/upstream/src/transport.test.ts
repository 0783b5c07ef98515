import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOperationClient } from "./bind.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";
import { testOperations } from "./testing/test-operations.ts";
import type { UpstreamClientConfig } from "./transport.ts";

let server: RecordingServer;
beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await server.close();
});

function client(overrides: Partial<UpstreamClientConfig> = {}) {
  return createOperationClient(testOperations, {
    serviceUrl: `${server.url}/v2`,
    tenantId: "tenant7/",
    auth: { type: "bearer", token: "tok-123" },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("requests", () => {
  it("sends tenant, auth, accept, user agent and comma-joined arrays", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, { policies: [{ id: "1", name: "daily" }] }));
    const result = await client().getPolicies({
      query: { ids: ["a:1:2", "b,c"], includeTenants: true, count: 5 },
      headers: { requestInitiatorType: "UIUser" },
    });
    expect(result.policies).toEqual([{ id: "1", name: "daily" }]);
    const [req] = server.requests;
    expect(req?.method).toBe("GET");
    expect(req?.path).toBe("/v2/data-protect/policies");
    expect(req?.query.get("ids")).toBe("a:1:2,b,c");
    expect(req?.query.getAll("ids")).toHaveLength(1);
    expect(req?.query.get("includeTenants")).toBe("true");
    expect(req?.query.get("count")).toBe("5");
    expect(req?.headers["authorization"]).toBe("Bearer tok-123");
    expect(req?.headers["x-ibm-tenant-id"]).toBe("tenant7/");
    expect(req?.headers["accept"]).toBe("application/json");
    expect(req?.headers["user-agent"]).toMatch(/^lifeboat-upstream\//);
    expect(req?.headers["requestinitiatortype"]).toBe("UIUser");
    expect(req?.headers["content-type"]).toBeUndefined();
  });

  it("fills and encodes path templates, keeping colons of ids literal", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, { id: "1:2:3", name: "p" }));
    await client().getPolicyById({ pathParams: { id: "1:2:3" } });
    await client().getPolicyById({ pathParams: { id: "a/b c" } });
    expect(server.requests.map((r) => r.path)).toEqual(["/v2/data-protect/policies/1:2:3", "/v2/data-protect/policies/a%2Fb%20c"]);
  });

  it("sends JSON bodies with Content-Type and resolves empty responses to undefined", async () => {
    server.setHandler((req, res) => {
      if (req.method === "DELETE") {
        res.writeHead(204).end();
      } else {
        sendJson(res, 201, { id: "9", name: "weekly" });
      }
    });
    const created = await client().createPolicy({ body: { name: "weekly" } });
    expect(created).toEqual({ id: "9", name: "weekly" });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "weekly" });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
    await expect(client().deletePolicy({ pathParams: { id: "9" } })).resolves.toBeUndefined();
  });

  it("refuses input that fails the request schema without sending anything", async () => {
    const error = await rejection(client().createPolicy({ body: { name: "" } }));
    expect(error).toMatchObject({ status: 400, code: "InvalidRequest" });
    expect(error.message).toContain("body");
    expect(error.message).toContain("name");
    expect(error.fieldErrors).toEqual([{ path: "body.name", message: "must be at least 1 character long" }]);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects a service URL without /v2 and an empty tenant", () => {
    expect(() => client({ serviceUrl: server.url })).toThrow(/must end in \/v2/);
    expect(() => client({ tenantId: " " })).toThrow(/tenantId is required/);
  });
});

describe("responses and errors", () => {
  it("turns a body that breaks the contract into InvalidResponse naming the field", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, { policies: [{ id: 12, name: "x" }] }, { "x-request-id": "req-1" }));
    const error = await rejection(client().getPolicies());
    expect(error).toMatchObject({ status: 502, code: "InvalidResponse", requestId: "req-1" });
    expect(error.message).toContain("policies[0].id");
    expect(server.requests).toHaveLength(1);
  });

  it("reads the Cohesity error shape", async () => {
    server.setHandler((_req, res) => sendJson(res, 404, { errorCode: "KStatusNotFound", message: "policy 7 not found" }, { "x-correlation-id": "corr-9" }));
    const error = await rejection(client().getPolicyById({ pathParams: { id: "7" } }));
    expect(error).toMatchObject({ status: 404, code: "KStatusNotFound", message: "policy 7 not found", requestId: "corr-9", operation: "getPolicyById" });
  });

  it("exposes the failing fields of the Lifeboat extension, dropping malformed entries", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 400, {
        errorCode: "InvalidRequest",
        message: "body.name: already taken; body.retention.duration: must be at least 1",
        fieldErrors: [{ path: "body.name", message: "already taken" }, { path: 7 }, { path: "body.retention.duration", message: "must be at least 1" }],
      }),
    );
    const error = await rejection(client().createPolicy({ body: { name: "a" } }));
    expect(error).toMatchObject({ status: 400, code: "InvalidRequest", message: "body.name: already taken; body.retention.duration: must be at least 1" });
    expect(error.fieldErrors).toEqual([
      { path: "body.name", message: "already taken" },
      { path: "body.retention.duration", message: "must be at least 1" },
    ]);
  });

  it("reads the IBM error container", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 403, { errors: [{ code: "forbidden", message: "You are not authorized", more_info: "x" }], trace: "t-1", status_code: 403 }, { "x-global-transaction-id": "gt-5" }),
    );
    const error = await rejection(client().getPolicies());
    expect(error).toMatchObject({ status: 403, code: "forbidden", message: "You are not authorized", requestId: "gt-5" });
  });

  it("falls back to the status text and a status-derived code", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(409, "Conflict", { "content-type": "text/html" }).end("<html>oops</html>");
    });
    const error = await rejection(client().createPolicy({ body: { name: "a" } }));
    expect(error).toMatchObject({ status: 409, code: "Conflict", message: "Conflict" });
  });
});
