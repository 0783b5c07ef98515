// Registers one Fastify route per entry of the contracts' operations table. Every request is
// authenticated, its path/query/body/headers validated by the operation's strict schemas (400
// naming the field), then handed to the handler of that operation name (src/operations.ts). An
// operation without a handler would answer 501 with a Cohesity error body.
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { decodeWireParams, type OperationDef } from "@lifeboat/contracts";
import { authenticate } from "../auth/bearer.ts";
import { EngineError, invalidFields } from "../errors.ts";
import { parsePart } from "./parse.ts";
import { BinaryResult, type EngineContext, type OperationRequest, type RequestContext } from "../context.ts";

/**
 * The route path of an operation: below /v2, or at the host root for the three
 * `/irisservices/api/v1` operations (`root: "host"`, reference §Q 26).
 */
export const toFastifyPath = (path: string, root: OperationDef["root"] = "service") =>
  `${root === "host" ? "" : "/v2"}${path.replace(/\{(\w+)\}/g, ":$1")}`;

function parseOptional(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  return schema ? parsePart(schema, value, where) : (value ?? {});
}

/** Header schemas name headers as the API spells them; Node lower-cases incoming names. */
function pickHeaders(schema: z.ZodType | undefined, headers: Record<string, unknown>): Record<string, unknown> {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (!shape) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const v = headers[key.toLowerCase()];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * A handler of some operation. The route hands it the parts that operation's own schemas just
 * parsed (below), which is the input its Handler<N> type describes.
 */
type AnyHandler = (ctx: RequestContext, input: OperationRequest<never>) => Promise<unknown>;

export function registerOperations(
  app: FastifyInstance,
  ops: readonly OperationDef[],
  handlers: Partial<Record<string, AnyHandler>>,
  engine: EngineContext,
): void {
  for (const op of ops) {
    // §Q 26: the SDK calls a host-root operation under /v2 too when its service URL ends in "/v2/"
    // (nothing is cut then), so a host-root operation answers at both places.
    const urls = op.root === "host" ? [toFastifyPath(op.path, "host"), toFastifyPath(op.path, "service")] : [toFastifyPath(op.path)];
    for (const url of urls) app.route({
      method: op.method,
      url,
      handler: async (req, reply) => {
        const caller = await authenticate(req, engine.db, engine.cluster.tokenSecret);
        const handler = handlers[op.name];
        if (!handler) {
          throw new EngineError(
            "NotImplemented",
            `${op.sdkName} is not implemented by this engine`,
          );
        }
        if (op.body && req.body === undefined) throw invalidFields([{ path: "body", message: "a JSON request body is required" }]);
        // §Q 14: arrays arrive comma-joined; decodeWireParams shapes strings for the strict schema.
        const rawQuery = new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
        const input = {
          pathParams: parseOptional(op.pathParams, decodeWireParams(op.pathParams, req.params as Record<string, string>), "path") as Record<string, string>,
          query: parseOptional(op.query, decodeWireParams(op.query, rawQuery), "query"),
          body: op.body ? parseOptional(op.body, req.body, "body") : undefined,
          headers: parseOptional(op.headers, pickHeaders(op.headers, req.headers), "headers") as Record<string, unknown>,
        } as OperationRequest<never>;
        const result = await handler({ ...engine, tenantId: caller.tenantId, log: req.log }, input);
        if (op.responseKind === "empty") return reply.code(op.successStatus).send();
        if (result instanceof BinaryResult) {
          return reply
            .code(op.successStatus)
            .header("content-type", result.contentType)
            .header("content-disposition", `attachment; filename="${result.fileName}"`)
            .send(result.body);
        }
        // A bare JSON string (the registration token, §Q 8) must go out JSON-encoded, which
        // Fastify does not do for strings on its own.
        if (typeof result === "string") {
          return reply.code(op.successStatus).type("application/json").send(JSON.stringify(result));
        }
        return reply.code(op.successStatus).send(result);
      },
    });
  }
}
