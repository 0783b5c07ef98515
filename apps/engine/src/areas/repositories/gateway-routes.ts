// The engine as the agents' repository server: restic's REST backend protocol under
// /repository/v1/<repositoryId>/, served by @lifeboat/repo-gateway over the repository's storage.
// Who may use a repository (HTTP basic auth; restic 0.14 takes the credential in the URL):
// - the agent of the repository's host, with its own agent token → `append`;
// - a task's read grant (restore/download onto another host) while that task runs → `read`;
// - anyone else: 401 (no or unknown credential), 403 (another host's agent), 404 (no such repository).
// Answers are cached for a few seconds per (credential, repository) so a backup's hundreds of
// requests do not each query the database; a deleted connector loses access within that time.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { sendError, serveRestRequest, type AccessLevel, type ObjectStorage } from "@lifeboat/repo-gateway";
import { sha256Hex } from "../../auth/tokens.ts";
import type { EngineContext } from "../../context.ts";
import { TERMINAL } from "../../tasks/dispatch.ts";
import { GRANT_PREFIX } from "./grants.ts";
import { objectStorageOf } from "./host-storage.ts";
import { openRepository, REPOSITORY_GATEWAY_PREFIX, REPOSITORY_ID } from "./repositories.ts";

const CACHE_MS = 5000;
const CACHE_MAX = 2000;

class Refused extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

export function registerGatewayRoutes(app: FastifyInstance, engine: EngineContext): void {
  const access = new Map<string, { level: AccessLevel; until: number }>();
  const storages = new Map<string, ObjectStorage>();

  async function storageOf(repositoryId: string): Promise<ObjectStorage> {
    let storage = storages.get(repositoryId);
    if (!storage) {
      const row = await engine.db.repository.findUnique({ where: { id: repositoryId } });
      if (!row) throw new Refused(404, `no repository ${repositoryId}`);
      storage = objectStorageOf(openRepository(engine, row).storage);
      storages.set(repositoryId, storage);
    }
    return storage;
  }

  async function levelOf(repositoryId: string, secret: string): Promise<AccessLevel> {
    const key = `${repositoryId}:${sha256Hex(secret)}`;
    const cached = access.get(key);
    if (cached && cached.until > Date.now()) return cached.level;
    const level = await resolveLevel(engine, repositoryId, secret);
    if (access.size >= CACHE_MAX) access.clear();
    access.set(key, { level, until: Date.now() + CACHE_MS });
    return level;
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const rawPath = (req.url ?? "").split("?")[0]!.slice(REPOSITORY_GATEWAY_PREFIX.length);
    const m = /^\/([^/]*)(\/.*)?$/.exec(rawPath);
    const repositoryId = m?.[1] ?? "";
    const close = req.method === "POST";
    try {
      if (!REPOSITORY_ID.test(repositoryId)) throw new Refused(404, `no repository ${JSON.stringify(repositoryId.slice(0, 40))}`);
      const secret = basicPassword(req.headers.authorization);
      if (!secret) throw new Refused(401, "send the agent's credential (HTTP basic auth) to use a repository");
      const level = await levelOf(repositoryId, secret);
      const storage = await storageOf(repositoryId);
      await serveRestRequest(req, res, { storage, access: level, path: m?.[2] ?? "", log: engine.log });
    } catch (err) {
      if (err instanceof Refused) {
        if (err.status === 401 && !res.headersSent) res.setHeader("www-authenticate", 'Basic realm="lifeboat repository"');
        return sendError(res, err.status, err.message, { close });
      }
      engine.log.error({ err }, "repository gateway request failed");
      sendError(res, 503, "the repository gateway could not serve this request; see the engine log", { close: true });
    }
  }

  void app.register(async (scope) => {
    // The body stays a stream for the gateway (no parsing, no Fastify body limit: the gateway
    // bounds each object type itself).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    scope.route({
      method: ["GET", "HEAD", "POST", "DELETE", "PUT", "PATCH"],
      url: `${REPOSITORY_GATEWAY_PREFIX}/*`,
      exposeHeadRoute: false,
      bodyLimit: Number.MAX_SAFE_INTEGER,
      handler: async (req, reply) => {
        reply.hijack();
        await serve(req.raw, reply.raw);
      },
    });
  });
}

function basicPassword(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  // Go's HTTP client decodes the URL's userinfo before encoding it here: the token arrives as is.
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return password.length > 0 && password.length <= 1024 ? password : null;
}

async function resolveLevel(engine: EngineContext, repositoryId: string, secret: string): Promise<AccessLevel> {
  const repository = await engine.db.repository.findUnique({ where: { id: repositoryId }, select: { objectId: true, tenantId: true } });
  if (!repository) throw new Refused(404, `no repository ${repositoryId}`);
  const hash = sha256Hex(secret);
  if (secret.startsWith(GRANT_PREFIX)) {
    const grant = await engine.db.repositoryGrant.findUnique({ where: { tokenHash: hash } });
    if (!grant || grant.expiresAt < new Date()) throw new Refused(401, "the task credential is unknown or expired");
    if (grant.repositoryId !== repositoryId) throw new Refused(403, "this task credential is for another repository");
    const task = await engine.db.dataTask.findUnique({ where: { id: grant.taskId }, select: { status: true } });
    if (!task || TERMINAL.includes(task.status)) throw new Refused(401, "the task of this credential has ended");
    return "read";
  }
  const connector = await engine.db.connector.findUnique({ where: { agentTokenHash: hash }, select: { id: true, hostName: true } });
  if (!connector) throw new Refused(401, "the agent credential is unknown or revoked");
  const host = await engine.db.sourceObject.findUnique({ where: { id: repository.objectId }, include: { registration: true } });
  if (!host || host.registration.connectorId !== connector.id) {
    throw new Refused(403, `repository ${repositoryId} belongs to another host; agent ${connector.hostName} may use only its own host's repository`);
  }
  return "append";
}
