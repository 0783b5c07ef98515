// One error type for the whole engine. Handlers throw EngineError; the HTTP layer turns it into the
// Cohesity error body `{ errorCode, message }` (reference §0.6) with the matching status, plus the
// failing fields as data (`fieldErrors`, contracts' field-errors.ts) when a 400 names them.
import type { ErrorBody, FieldError } from "@lifeboat/contracts";
export type EngineErrorKind =
  | "InvalidRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "Conflict"
  | "PreconditionFailed"
  | "PayloadTooLarge"
  | "NotImplemented"
  | "ServiceUnavailable";

const STATUS: Record<EngineErrorKind, number> = {
  InvalidRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  PreconditionFailed: 412,
  PayloadTooLarge: 413,
  NotImplemented: 501,
  ServiceUnavailable: 503,
};

export class EngineError extends Error {
  readonly status: number;
  constructor(
    readonly errorCode: EngineErrorKind,
    message: string,
    /** The failing fields, paths relative to the request ("body.name", "path.id", "query.count"). */
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = "EngineError";
    this.status = STATUS[errorCode];
  }
}

export const invalid = (message: string) => new EngineError("InvalidRequest", message);
/**
 * A 400 naming one field of the request: `path` as the message has always named it, relative to the
 * request part (`physicalParams.endpoint` of the body, `startOffset` of the query); `fieldErrors`
 * carries it with the part ("body.physicalParams.endpoint").
 */
export const invalidField = (path: string, message: string, part: "body" | "query" | "path" = "body") =>
  new EngineError("InvalidRequest", `${path}: ${message}`, [{ path: `${part}.${path}`, message }]);
/** A 400 naming its failing fields: the message lists them ("path: message; …"), `fieldErrors` carries them. */
export const invalidFields = (fields: readonly FieldError[]) =>
  new EngineError("InvalidRequest", fields.length ? fields.map((f) => `${f.path}: ${f.message}`).join("; ") : "invalid input", fields);
export const notFound = (what: string, id: string | number | bigint) =>
  new EngineError("NotFound", `${what} ${String(id)} was not found`);
export const conflict = (message: string) => new EngineError("Conflict", message);

/** Body of every error answer of /v2 (reference §0.6, with the Lifeboat `fieldErrors` extension). */
export type CohesityErrorBody = ErrorBody;
