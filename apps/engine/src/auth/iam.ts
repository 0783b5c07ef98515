// POST /identity/token — the IBM IAM token exchange (reference §0.2), so that the same clients
// (ibm-cloud-sdk-core's IamAuthenticator, our upstream client) work against the engine unchanged.
// IamAuthenticator sends `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=…&
// response_type=cloud_iam`, form-encoded, optionally with a Basic client-id header (ignored here:
// the engine has no client registry). `grant_type=refresh_token` is accepted too.
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { EngineDb } from "../db.ts";
import { randomSecret, sha256Hex, signAccessToken } from "./tokens.ts";

const APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
const REFRESH_TTL_SECS = 30 * 24 * 3600;

export interface IamOptions {
  db: EngineDb;
  tokenSecret: string;
  tokenTtlSecs: number;
}

/** IAM's own error shape (errorCode/errorMessage), which the SDKs know how to read. */
function iamError(reply: FastifyReply, status: number, errorCode: string, errorMessage: string) {
  return reply.code(status).send({ errorCode, errorMessage, errorDetails: errorMessage });
}

export function registerIamRoutes(app: FastifyInstance, opts: IamOptions): void {
  app.post("/identity/token", async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (typeof req.body !== "object" || req.body === null) {
      return iamError(reply, 400, "BXNIM0109E", "the request body must be form-encoded (application/x-www-form-urlencoded)");
    }
    const grant = form["grant_type"];
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
