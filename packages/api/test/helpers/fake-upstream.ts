// A real HTTP server playing IBM IAM (POST /identity/token) and the upstream API
// (GET /v2/data-protect/policies), for the connection test's unit test. The engine-backed
// integration test replaces it later.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUpstream {
  url: string;
  /** Requests seen, without bodies (which hold the API key). */
  requests: { method: string; path: string; authorization?: string; tenantId?: string }[];
  close(): Promise<void>;
}

/** An unsigned JWT: the IBM SDK only decodes the token to read iat/exp. */
function jwt(claims: object): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `req-${status}` });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startFakeUpstream(opts: { apiKey: string; tenantId: string; policies?: unknown[] }): Promise<FakeUpstream> {
  const requests: FakeUpstream["requests"] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push({
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization,
      tenantId: req.headers["x-ibm-tenant-id"] as string | undefined,
    });
    if (req.method === "POST" && path === "/identity/token") {
      const form = new URLSearchParams(body);
      if (form.get("apikey") !== opts.apiKey) {
        // Real IAM answers 400 and (here, deliberately) echoes the key, to prove it is scrubbed.
        return send(res, 400, { errorCode: "BXNIM0415E", errorMessage: `Provided API key could not be found: ${form.get("apikey")}` });
      }
      const iat = Math.floor(Date.now() / 1000);
      return send(res, 200, {
        access_token: jwt({ iat, exp: iat + 3600 }),
        refresh_token: "not-used",
        token_type: "Bearer",
        expires_in: 3600,
        expiration: iat + 3600,
      });
    }
    if (req.method === "GET" && path === "/v2/data-protect/policies") {
      if (!req.headers.authorization?.startsWith("Bearer ")) return send(res, 401, { message: "no token" });
      if (req.headers["x-ibm-tenant-id"] !== opts.tenantId) return send(res, 403, { errorCode: "Forbidden", message: "unknown tenant" });
      return send(res, 200, { policies: opts.policies ?? [] });
    }
    send(res, 404, { errorCode: "NotFound", message: `no route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
