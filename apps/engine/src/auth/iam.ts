// POST /identity/token — the IBM IAM token exchange (reference §0.2), so that the same clients
// (ibm-cloud-sdk-core's IamAuthenticator, our upstream client) work against the engine unchanged.
// IamAuthenticator sends `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=…&
// response_type=cloud_iam`, form-encoded, optionally with a Basic client-id header (ignored here:
// the engine has no client registry). `grant_type=refresh_token` is accepted too.
import { randomUUID } from "node:crypto";
import { createThrottle, DEFAULT_THROTTLE_POLICY, memoryLimiters, retryMessage, type Throttle } from "@lifeboat/throttle";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { EngineDb } from "../db.ts";
import { randomSecret, sha256Hex, signAccessToken } from "./tokens.ts";

const APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
const REFRESH_TTL_SECS = 30 * 24 * 3600;

export interface IamOptions {
  db: EngineDb;
  tokenSecret: string;
  tokenTtlSecs: number;
  /** Guessing limits (default: @lifeboat/throttle's, in memory — one engine process per database). */
  throttle?: Throttle;
}

/**
 * Key guessing is slowed down per (key prefix, client address), per address, and per key prefix
 * from everywhere (@lifeboat/throttle): a client that keeps sending wrong keys waits longer and
 * longer (429 + Retry-After), while the portal holding the right key, from its own address, is not
 * held up. The prefix is what a caller names (the first characters of the key or refresh token);
 * the engine keeps no list of prefixes, so a wrong one costs the same as a right one.
 */
export function createIamThrottle(): Throttle {
  return createThrottle(memoryLimiters, "iam", DEFAULT_THROTTLE_POLICY);
}

const SECRET_PREFIX_LENGTH = 8;

/** IAM's own error shape (errorCode/errorMessage), which the SDKs know how to read. */
function iamError(reply: FastifyReply, status: number, errorCode: string, errorMessage: string) {
  return reply.code(status).send({ errorCode, errorMessage, errorDetails: errorMessage });
}

export function registerIamRoutes(app: FastifyInstance, opts: IamOptions): void {
  const throttle = opts.throttle ?? createIamThrottle();
  app.post("/identity/token", async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (typeof req.body !== "object" || req.body === null) {
      return iamError(reply, 400, "BXNIM0109E", "the request body must be form-encoded (application/x-www-form-urlencoded)");
    }
    const grant = form["grant_type"];
    const secret = grant === "refresh_token" ? form["refresh_token"] : form["apikey"];
    // Counted before the secret is looked up, so parallel guesses cannot slip through together.
    const subject = `${grant === "refresh_token" ? "refresh" : "apikey"}:${typeof secret === "string" ? secret.slice(0, SECRET_PREFIX_LENGTH) : ""}`;
    const decision = await throttle.attempt(subject, req.ip || null);
    if (!decision.allowed) {
      void reply.header("Retry-After", String(decision.retryAfterSeconds));
      return iamError(reply, 429, "BXNIM0436E", retryMessage("token requests with a wrong key", decision.retryAfterSeconds));
    }
    let apiKeyId: string;
    let tenantId: string;
    if (grant === APIKEY_GRANT) {
      const apikey = form["apikey"];
      if (typeof apikey !== "string" || apikey.length === 0) {
        return iamError(reply, 400, "BXNIM0415E", "Provided API key could not be found: the apikey parameter is missing");
      }
      const key = await opts.db.apiKey.findUnique({ where: { keyHash: sha256Hex(apikey) } });
      if (!key || key.revokedAt) return iamError(reply, 400, "BXNIM0415E", "Provided API key could not be found.");
      apiKeyId = key.id;
      tenantId = key.tenantId;
    } else if (grant === "refresh_token") {
      const refresh = form["refresh_token"];
      if (typeof refresh !== "string") return iamError(reply, 400, "BXNIM0109E", "refresh_token is missing");
      const row = await opts.db.accessToken.findUnique({
        where: { refreshTokenHash: sha256Hex(refresh) },
        include: { apiKey: true },
      });
      if (!row || row.refreshExpiresAt < new Date() || row.apiKey.revokedAt) {
        return iamError(reply, 400, "BXNIM0407E", "The refresh token is invalid or expired.");
      }
      apiKeyId = row.apiKeyId;
      tenantId = row.apiKey.tenantId;
    } else {
      return iamError(reply, 400, "BXNIM0109E", `unsupported grant_type; use ${APIKEY_GRANT}`);
    }
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + opts.tokenTtlSecs;
    const jti = randomUUID();
    const refreshToken = randomSecret(32);
    await opts.db.accessToken.create({
      data: {
        apiKeyId,
        tokenHash: sha256Hex(jti),
        refreshTokenHash: sha256Hex(refreshToken),
        expiresAt: new Date(exp * 1000),
        refreshExpiresAt: new Date((iat + REFRESH_TTL_SECS) * 1000),
      },
    });
    const accessToken = signAccessToken({ jti, sub: apiKeyId, tenant: tenantId, iat, exp }, opts.tokenSecret);
    await throttle.succeeded(subject, req.ip || null);
    return reply.code(200).send({
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: "Bearer",
      expires_in: opts.tokenTtlSecs,
      expiration: exp,
      scope: "ibm openid",
    });
  });
}
