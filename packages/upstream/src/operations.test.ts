// Every operation of the contracts' table, driven from its sample: the request the client sends
// (method, path, query, headers, body) and the result it hands back, against a real HTTP server.
import { operations, type OperationDef, type OperationName } from "@lifeboat/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUpstreamClient, type UpstreamClient } from "./client.ts";
import { operationSamples } from "./testing/operation-samples.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";

const BINARY = Buffer.from("binary payload \u0000\u0001\u0002 of a download");

let server: RecordingServer;
let client: UpstreamClient;
/** The response the server gives next: status and body for the operation under test. */
let next: { status: number; body?: unknown; binary?: boolean } = { status: 200 };

beforeAll(async () => {
  server = await startRecordingServer((_req, res) => {
    if (next.binary) {
      res.writeHead(next.status, { "content-type": "application/octet-stream" });
      res.end(BINARY);
    } else if (next.body === undefined) {
      res.writeHead(next.status).end();
    } else {
      sendJson(res, next.status, next.body);
    }
  });
  client = createUpstreamClient({ serviceUrl: `${server.url}/v2/`, tenantId: "iqhch7lbr4/", auth: { type: "bearer", token: "t0k" } });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

const names = Object.keys(operations) as OperationName[];

// Type-level checks, enforced by tsc (npm run typecheck); the function is never called.
export function typeChecks(c: UpstreamClient): void {
  // @ts-expect-error pathParams are required where the path has a parameter
  void c.getProtectionPolicyByID({});
  // @ts-expect-error the body must match CreateProtectionGroupRun's schema
  void c.createProtectionGroupRun({ pathParams: { id: "1:2:3" }, body: { runType: 5 } });
  // Inputs whose parts are all optional may be left out.
  void c.getProtectionPolicies();
}

describe("operations table", () => {
  it("has a sample for every operation (51, reference §1)", () => {
    expect(names).toHaveLength(51);
    expect(Object.keys(operationSamples).sort()).toEqual([...names].sort());
  });

  it.each(names)("%s sends the request of its contract and returns the parsed result", async (name) => {
    const def: OperationDef = operations[name];
    const sample = operationSamples[name];
    next = { status: def.successStatus, body: sample.response, binary: def.responseKind === "binary" };
    const method = client[name] as (input: unknown) => Promise<unknown>;
    const result = await method(sample.input);

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe(def.method);
    // §Q 26: the three v1 operations go to the host root, every other below /v2.
    expect(request.path).toBe(def.root === "host" ? sample.path : `/v2${sample.path}`);
    expect(Object.fromEntries(request.query)).toEqual(sample.query ?? {});
    expect(request.headers["x-ibm-tenant-id"]).toBe("iqhch7lbr4/");
    expect(request.headers["authorization"]).toBe("Bearer t0k");
    expect(request.headers["user-agent"]).toMatch(/lifeboat/);
    expect(request.headers["accept"]).toBe(def.responseKind === "binary" ? "application/octet-stream, */*" : "application/json");
    const input = sample.input as { body?: unknown; headers?: Record<string, string> };
    if (input.body === undefined) {
      expect(request.body).toBe("");
      expect(request.headers["content-type"]).toBeUndefined();
    } else {
      expect(JSON.parse(request.body)).toEqual(input.body);
      expect(request.headers["content-type"]).toBe("application/json");
    }
    for (const [header, value] of Object.entries(input.headers ?? {})) {
      expect(request.headers[header.toLowerCase()]).toBe(value);
    }

    if (def.responseKind === "binary") {
      expect(Buffer.compare(await bytes(result as ReadableStream<Uint8Array>), BINARY)).toBe(0);
    } else if (def.responseKind === "empty") {
      expect(result).toBeUndefined();
    } else {
      expect(result).toEqual(sample.response);
    }
  });
});
