// A minimal OpenID Connect provider for the browser test only: discovery, an authorization
// endpoint that consents at once, a token endpoint issuing RS256-signed ID tokens, and JWKS.
// It lets the test drive next-auth's real OIDC flow (PKCE, state, ID token validation, the Prisma
// adapter creating the user) without any network beyond 127.0.0.1.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface OidcIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface FakeOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next authorization signs in as. */
  nextIdentity: OidcIdentity;
  close(): Promise<void>;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export async function startFakeOidcProvider(): Promise<FakeOidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(6).toString("hex");
  const clientId = "lifeboat-portal";
  const clientSecret = randomBytes(16).toString("hex");
  const codes = new Map<string, { identity: OidcIdentity; nonce: string | null; challenge: string | null; redirectUri: string }>();
  const provider = { clientId, clientSecret, issuer: "", nextIdentity: { sub: "", email: "", email_verified: true, name: "" } } as FakeOidcProvider;

  const idToken = (identity: OidcIdentity, nonce: string | null) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const claims = { iss: provider.issuer, aud: clientId, iat: now, exp: now + 300, ...identity, ...(nonce ? { nonce } : {}) };
    const payload = b64url(JSON.stringify(claims));
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKey).toString("base64url");
    return `${header}.${payload}.${signature}`;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", provider.issuer);
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer: provider.issuer,
          authorization_endpoint: `${provider.issuer}/authorize`,
          token_endpoint: `${provider.issuer}/token`,
          jwks_uri: `${provider.issuer}/jwks`,
          userinfo_endpoint: `${provider.issuer}/userinfo`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        });
      }
      if (url.pathname === "/jwks") {
        return json(res, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] });
      }
      if (url.pathname === "/authorize") {
        const redirectUri = url.searchParams.get("redirect_uri");
        if (url.searchParams.get("client_id") !== clientId || !redirectUri) return json(res, 400, { error: "invalid_request" });
        const code = randomBytes(12).toString("hex");
        codes.set(code, {
          identity: { ...provider.nextIdentity },
          nonce: url.searchParams.get("nonce"),
          challenge: url.searchParams.get("code_challenge"),
          redirectUri,
        });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        const state = url.searchParams.get("state");
        if (state) back.searchParams.set("state", state);
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const form = new URLSearchParams(await readBody(req));
        const basic = req.headers.authorization?.replace(/^Basic /, "");
        const [id, secret] = basic
          ? Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent)
          : [form.get("client_id"), form.get("client_secret")];
        if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: "invalid_client" });
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(res, 400, { error: "invalid_grant" });
        // PKCE (S256): the verifier must hash to the challenge the portal sent.
        const verifier = form.get("code_verifier") ?? "";
        if (grant.challenge && createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
          return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
        }
        return json(res, 200, {
          access_token: randomBytes(16).toString("hex"),
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken(grant.identity, grant.nonce),
        });
      }
      if (url.pathname === "/userinfo") return json(res, 200, provider.nextIdentity);
      json(res, 404, { error: "not_found" });
    })().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}
