// The engine's HTTP server: IAM token exchange at the root, the upstream API under /v2, the agent
// protocol under /agent/v1, the Lifeboat extensions under /lifeboat/v1, /healthz and /readyz. Every error leaves
// as a Cohesity error body; input problems (malformed JSON, unsupported content type, oversized
// body) are 4xx, never 500.
import { randomBytes } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { MAX_FIELD_ERRORS, operationList } from "@lifeboat/contracts";
import { registerAgentProtocolRoutes } from "../agent-protocol/routes.ts";
import { registerIamRoutes } from "../auth/iam.ts";
import type { EngineContext } from "../context.ts";
import { EngineError, type CohesityErrorBody } from "../errors.ts";
import { registerGatewayRoutes } from "../areas/repositories/gateway-routes.ts";
import { registerHealthRoutes } from "./health.ts";
import { registerLifeboatRoutes } from "./lifeboat-routes.ts";
import { handlers } from "../operations.ts";
import { registerBodyDecoding, registerJsonBodyParser } from "./json-body.ts";
import { registerOperations } from "./operation-routes.ts";

/** 1 MiB: far above any configuration body of the API, small enough to refuse floods. */
const BODY_LIMIT = 1024 * 1024;

function toErrorBody(err: FastifyError | EngineError): { status: number; body: CohesityErrorBody } {
  if (err instanceof EngineError) {
    const fieldErrors = err.fieldErrors.length ? { fieldErrors: err.fieldErrors.slice(0, MAX_FIELD_ERRORS) } : {};
    return { status: err.status, body: { errorCode: err.errorCode, message: err.message, ...fieldErrors } };
  }
  const status = err.statusCode ?? 500;
  if (status === 413) {
    return { status, body: { errorCode: "PayloadTooLarge", message: `request body exceeds ${BODY_LIMIT} bytes` } };
  }
  if (status === 415) {
    // Wrong content type is bad input (issue: 400), not a server fault.
    return { status: 400, body: { errorCode: "InvalidRequest", message: `unsupported Content-Type; send application/json` } };
  }
  if (status >= 400 && status < 500) {
    const message = err.code === "FST_ERR_CTP_INVALID_JSON" || err.name === "SyntaxError" ? `malformed JSON body: ${err.message}` : err.message;
    return { status: status === 401 || status === 403 || status === 404 ? status : 400, body: { errorCode: "InvalidRequest", message } };
  }
  return { status: 500, body: { errorCode: "InternalError", message: "internal error; see the engine log" } };
}

/** The Fastify instance with the engine's parsers and error answers, no routes yet. */
export function createServer(opts: { logLevel: string }): FastifyInstance {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ["req.headers.authorization"] },
    bodyLimit: BODY_LIMIT,
    // int64 ids in paths are long digit strings; keep Fastify's default 100-char param limit.
    routerOptions: { ignoreTrailingSlash: true },
    // Unique across restarts (Fastify's default "req-1" starts again at every start), so an id a
    // client logged still finds one request in the engine log.
    genReqId: () => `eng-${randomBytes(8).toString("hex")}`,
  });
  // Every answer names its request (`X-Request-Id`): the portal records it in its audit rows and
  // error log lines, which leads from a portal error to the engine's log line.
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  // JSON only under /v2 (and form for IAM): Fastify's built-in text/plain parser would hand a
  // string to the schemas; without it a wrong content type gets the clear 400 below.
  app.removeContentTypeParser("text/plain");
  registerJsonBodyParser(app);
  registerBodyDecoding(app, BODY_LIMIT);
  // IAM's token endpoint is form-encoded (reference §0.2).
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (status >= 500 && status !== 501 && status !== 503) req.log.error({ err }, "request failed");
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ errorCode: "NotFound", message: `no operation at ${req.method} ${req.url.split("?")[0]}` }),
  );
  return app;
}

/** Every route of the engine. */
export function registerRoutes(app: FastifyInstance, engine: EngineContext): void {
  registerHealthRoutes(app, engine);
  registerIamRoutes(app, { db: engine.db, tokenSecret: engine.cluster.tokenSecret, tokenTtlSecs: engine.config.tokenTtlSecs });
  registerAgentProtocolRoutes(app, engine);
  registerLifeboatRoutes(app, engine);
  registerGatewayRoutes(app, engine);
  registerOperations(app, operationList, handlers, engine);
}
