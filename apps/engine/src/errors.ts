// One error type for the whole engine. Handlers throw EngineError; the HTTP layer turns it into the
// Cohesity error body `{ errorCode, message }` (reference §0.6) with the matching status.
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
  ) {
    super(message);
    this.name = "EngineError";
    this.status = STATUS[errorCode];
  }
}

export const invalid = (message: string) => new EngineError("InvalidRequest", message);
export const notFound = (what: string, id: string | number | bigint) =>
  new EngineError("NotFound", `${what} ${String(id)} was not found`);
export const conflict = (message: string) => new EngineError("Conflict", message);

/** Body of every error answer of /v2 (reference §0.6). */
export interface CohesityErrorBody {
  errorCode: string;
  message: string;
}
