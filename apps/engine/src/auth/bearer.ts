// Authentication of /v2 calls: a valid, unexpired bearer token (issued by /identity/token) whose
// API key belongs to the tenant named in X-IBM-Tenant-Id (reference §0.3).
import type { FastifyRequest } from "fastify";
import type { EngineDb } from "../db.ts";
import { EngineError } from "../errors.ts";
import { sha256Hex, verifyAccessToken } from "./tokens.ts";

export interface Caller {
  tenantId: string;
  apiKeyId: string;
}

export async function authenticate(req: FastifyRequest, db: EngineDb, tokenSecret: string): Promise<Caller> {
  const header = req.headers.authorization;
  if (!header) throw new EngineError("Unauthorized", "missing Authorization header: send 'Bearer <IAM access token>'");
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new EngineError("Unauthorized", "the Authorization header must be 'Bearer <IAM access token>'");
  const claims = verifyAccessToken(m[1]!, tokenSecret);
  if (!claims) throw new EngineError("Unauthorized", "the access token is not valid for this service");
  if (claims.exp * 1000 <= Date.now()) {
    throw new EngineError("Unauthorized", "the access token has expired; request a new one from /identity/token");
  }
  const row = await db.accessToken.findUnique({
    where: { tokenHash: sha256Hex(claims.jti) },
    select: { apiKey: { select: { id: true, tenantId: true, revokedAt: true } } },
  });
  if (!row || row.apiKey.revokedAt) throw new EngineError("Unauthorized", "the access token has been revoked");

  const tenantHeader = req.headers["x-ibm-tenant-id"];
  if (typeof tenantHeader !== "string" || tenantHeader.length === 0) {
    throw new EngineError("InvalidRequest", "missing X-IBM-Tenant-Id header (the tenant id of the service instance)");
  }
  if (tenantHeader !== row.apiKey.tenantId) {
    throw new EngineError("Forbidden", `the API key of this token has no access to tenant ${JSON.stringify(tenantHeader.slice(0, 128))}`);
  }
  return { tenantId: row.apiKey.tenantId, apiKeyId: row.apiKey.id };
}
