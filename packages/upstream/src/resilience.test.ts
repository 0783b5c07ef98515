import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOperationClient } from "./bind.ts";
import { UpstreamError } from "./errors.ts";
import { backoffDelay, resolveRetry } from "./retry.ts";
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
    tenantId: "t/",
    auth: { type: "none" },
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
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

/** Answers the given statuses in order, then 200 with policies. */
function failThenSucceed(statuses: number[], headers: Record<string, string> = {}) {
  let calls = 0;
  server.setHandler((_req, res) => {
    const status = statuses[calls++];
    if (status !== undefined) sendJson(res, status, { errorCode: "Busy", message: `status ${status}` }, headers);
    else sendJson(res, 200, { policies: [] });
  });
}

describe("retries", () => {
  it("retries idempotent operations on 502, 503 and 504", async () => {
    failThenSucceed([502, 503, 504]);
    await expect(client().getPolicies()).resolves.toEqual({ policies: [] });
    expect(server.requests).toHaveLength(4);
  });

  it("never retries a create", async () => {
    failThenSucceed([503]);
    const error = await rejection(client().createPolicy({ body: { name: "x" } }));
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry client errors", async () => {
    failThenSucceed([400]);
    await rejection(client().getPolicies());
    expect(server.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts with the last error", async () => {
    failThenSucceed([503, 503, 503, 503, 503]);
    const error = await rejection(client().getPolicies());
    expect(error).toMatchObject({ status: 503, code: "Busy" });
    expect(server.requests).toHaveLength(4);
  });

  it("honours Retry-After on 429 before retrying", async () => {
    failThenSucceed([429], { "retry-after": "1" });
    const started = Date.now();
    await client().getPolicies();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it("surfaces retryAfter when the wait would exceed the deadline", async () => {
    failThenSucceed([429], { "retry-after": "120" });
    const error = await rejection(client({ timeoutMs: 2_000 }).getPolicies());
    expect(error).toMatchObject({ status: 429, code: "Busy", retryAfter: 120 });
    expect(server.requests).toHaveLength(1);
  });

  it("draws full-jitter delays under an exponential ceiling", () => {
    const retry = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect(backoffDelay(0, retry, () => 0.999)).toBe(99);
    expect(backoffDelay(2, retry, () => 0.5)).toBe(200);
    expect(backoffDelay(10, retry, () => 0.999)).toBe(999);
    expect(backoffDelay(3, retry, () => 0)).toBe(0);
  });
});

describe("timeouts and network errors", () => {
  it("aborts a slow call with code Timeout", async () => {
    server.setHandler((_req, res) => {
      setTimeout(() => sendJson(res, 200, { policies: [] }), 2_000);
    });
    const started = Date.now();
    const error = await rejection(client({ timeoutMs: 200 }).getPolicies());
    expect(error).toMatchObject({ status: 504, code: "Timeout" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("reports a refused connection as NetworkError (status 503) and retries it when idempotent", async () => {
    // Take a free port, then close it so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = await rejection(client({ serviceUrl: `http://127.0.0.1:${port}/v2`, fetch: countingFetch }).getPolicies());
    expect(error).toMatchObject({ status: 503, code: "NetworkError" });
    expect(error.message).toContain("ECONNREFUSED");
    expect(attempts).toBe(4);
  });

  it("cancels through the caller's signal", async () => {
    server.setHandler((_req, res) => {
      setTimeout(() => sendJson(res, 200, { policies: [] }), 2_000);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(client().getPolicies(undefined, { signal: controller.signal }));
    expect(error.code).toBe("Aborted");
  });
});

describe("concurrency", () => {
  it("keeps at most maxConcurrency requests in flight", async () => {
    server.setHandler((_req, res) => {
      setTimeout(() => sendJson(res, 200, { policies: [] }), 40);
    });
    const limited = client({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => limited.getPolicies()));
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBe(2);
  });
});
