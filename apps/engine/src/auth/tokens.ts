// IAM-compatible access tokens. ibm-cloud-sdk-core (Node and Go) decodes the access token as a JWT
// and schedules its refresh from the `exp` and `iat` claims, so ours are real HS256 JWTs. Each
// token's id (jti) is also stored (hashed) so that revoking an API key revokes its tokens.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface AccessClaims {
  /** Token id; its sha256 is the AccessToken row's tokenHash. */
  jti: string;
  /** ApiKey id. */
  sub: string;
  tenant: string;
  iat: number;
  exp: number;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

export const sha256Hex = (value: string): string => createHash("sha256").update(value).digest("hex");

export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString("base64url");

export function signAccessToken(claims: AccessClaims, secret: string): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ ...claims, iss: "lifeboat-engine" }));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The claims of a well-signed token, or null. Expiry is checked by the caller (clear message). */
export function verifyAccessToken(token: string, secret: string): AccessClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<AccessClaims>;
    if (typeof claims.jti !== "string" || typeof claims.sub !== "string" || typeof claims.tenant !== "string") return null;
    if (typeof claims.exp !== "number" || typeof claims.iat !== "number") return null;
    return claims as AccessClaims;
  } catch {
    return null;
  }
}
