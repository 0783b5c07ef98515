import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { iamBaseUrl } from "./auth.ts";
import { createOperationClient } from "./bind.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";
import { testOperations } from "./testing/test-operations.ts";

const API_KEY = "apikey-SECRET-0123456789";

/** An unsigned JWT: the IBM SDK only decodes the token to read `iat`/`exp`. */
function jwt(claims: { iat: number; exp: number; n: number }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.c2ln`;
}

let api: RecordingServer;
let iam: RecordingServer;
let exchanges: number;
/** Lifetime claims of the next token IAM hands out, relative to now (seconds). */
let nextToken: { iatOffset: number; ttl: number };

beforeEach(async () => {
  exchanges = 0;
  nextToken = { iatOffset: 0, ttl: 3600 };
  api = await startRecordingServer((_req, res) => sendJson(res, 200, { policies: [] }));
  iam = await startRecordingServer((req, res) => {
    if (req.method !== "POST" || req.path !== "/identity/token") return sendJson(res, 404, { message: "wrong path" });
    exchanges++;
    const iat = Math.floor(Date.now() / 1000) + nextToken.iatOffset;
    sendJson(res, 200, {
      access_token: jwt({ iat, exp: iat + nextToken.ttl, n: exchanges }),
      refresh_token: "r",
      token_type: "Bearer",
      expires_in: nextToken.ttl,
      expiration: iat + nextToken.ttl,
    });
  });
});
afterEach(async () => {
  await api.close();
  await iam.close();
});

function client(apiKey = API_KEY) {
  return createOperationClient(testOperations, {
    serviceUrl: `${api.url}/v2`,
    tenantId: "t/",
    auth: { type: "iam", apiKey, tokenUrl: `${iam.url}/identity/token` },
    retry: false,
  });
}

function tokenNumber(authorization: string | string[] | undefined): number {
  const token = String(authorization).replace(/^Bearer /, "");
  return (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { n: number }).n;
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("IAM API-key auth", () => {
  it("exchanges the key once (form-encoded) and caches the token across calls", async () => {
    const c = client();
    await Promise.all([c.getPolicies(), c.getPolicies()]);
    await c.getPolicies();
    expect(exchanges).toBe(1);
    const exchange = iam.requests[0];
    expect(exchange?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(exchange?.body);
    expect(form.get("grant_type")).toBe("urn:ibm:params:oauth:grant-type:apikey");
    expect(form.get("apikey")).toBe(API_KEY);
    expect(api.requests.map((r) => tokenNumber(r.headers["authorization"]))).toEqual([1, 1, 1]);
  });

  it("refreshes in the background once 80% of the lifetime has passed, before expiry", async () => {
    // Issued 50 minutes ago, valid for 60: still valid, but past its refresh point.
    nextToken = { iatOffset: -3000, ttl: 3600 };
    const c = client();
    await c.getPolicies();
    nextToken = { iatOffset: 0, ttl: 3600 };
    await c.getPolicies(); // still served with token 1 while token 2 is fetched
    await waitFor(() => exchanges === 2);
    await c.getPolicies();
    expect(exchanges).toBe(2);
    expect(api.requests.map((r) => tokenNumber(r.headers["authorization"]))).toEqual([1, 1, 2]);
  });

  it("fetches a new token before the call when the cached one is about to expire", async () => {
    // exp within the SDK's 10 s safety window counts as expired.
    nextToken = { iatOffset: 0, ttl: 5 };
    const c = client();
    await c.getPolicies();
    await c.getPolicies();
    expect(exchanges).toBe(2);
    expect(api.requests.map((r) => tokenNumber(r.headers["authorization"]))).toEqual([1, 2]);
  });

  it("reports a refused key as a 401 UpstreamError without the key in the message", async () => {
    iam.setHandler((_req, res) =>
      sendJson(res, 400, { errorCode: "BXNIM0415E", errorMessage: `Provided API key could not be found: ${API_KEY}` }),
    );
    const error = await client().getPolicies().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 401, code: "AuthenticationFailed" });
    expect((error as Error).message).not.toContain(API_KEY);
    expect((error as Error).message).toContain("IAM token exchange");
    expect(api.requests).toHaveLength(0);
  });

  it("reports an unreachable token URL as a network error, not as a rejected key", async () => {
    const c = createOperationClient(testOperations, {
      serviceUrl: `${api.url}/v2`,
      tenantId: "t/",
      // Port 9 (discard) is closed on test machines: the connection is refused.
      auth: { type: "iam", apiKey: API_KEY, tokenUrl: "http://127.0.0.1:9/identity/token" },
      retry: false,
    });
    const error = await c.getPolicies().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 503, code: "NetworkError" });
    expect((error as Error).message).toContain("IAM token URL http://127.0.0.1:9/identity/token could not be reached");
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain(API_KEY);
    expect(api.requests).toHaveLength(0);
  });

  it("keeps the call's deadline while the token endpoint hangs", async () => {
    iam.setHandler(() => {
      // never answers; closed with the server
    });
    const c = createOperationClient(testOperations, {
      serviceUrl: `${api.url}/v2`,
      tenantId: "t/",
      auth: { type: "iam", apiKey: API_KEY, tokenUrl: `${iam.url}/identity/token` },
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await c.getPolicies().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 504, code: "Timeout" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(api.requests).toHaveLength(0);
  });

  it("takes the full token URL and refuses one the SDK would extend", () => {
    expect(iamBaseUrl("https://iam.cloud.ibm.com/identity/token")).toBe("https://iam.cloud.ibm.com");
    expect(iamBaseUrl("http://127.0.0.1:4000/identity/token/")).toBe("http://127.0.0.1:4000");
    expect(() => iamBaseUrl("http://127.0.0.1:4000/token")).toThrow(/must end in \/identity\/token/);
  });
});

describe("bearer auth", () => {
  it("sends the given token as is", async () => {
    const c = createOperationClient(testOperations, {
      serviceUrl: `${api.url}/v2`,
      tenantId: "t/",
      auth: { type: "bearer", token: "static" },
    });
    await c.getPolicies();
    expect(api.requests[0]?.headers["authorization"]).toBe("Bearer static");
  });
});
