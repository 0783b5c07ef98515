// The one error type of the upstream client. Every failure a caller can see — an HTTP error of
// the service, a failed IAM exchange, a timeout, a dropped connection, a response that breaks its
// contract, bad input — arrives as an UpstreamError, so the BFF maps errors in one place (STYLE.md
// "Errors in one place").
import { FieldErrorSchema, MAX_FIELD_ERRORS, type FieldError } from "@lifeboat/contracts";

export interface UpstreamErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
  /** Seconds the service asked us to wait (Retry-After), when it said so. */
  retryAfter?: number | undefined;
  /** Client method name of the failed operation, e.g. `getProtectionPolicies`. */
  operation?: string | undefined;
  /** The failing fields of a 400, paths relative to the request ("body.name", "path.id"). */
  fieldErrors?: readonly FieldError[] | undefined;
  cause?: unknown;
}

// The brand `instanceof` checks. A bundler may load this module more than once in one process (the
// Next.js portal keeps its upstream clients on globalThis, created by whichever bundle came first),
// and a plain prototype check would then not recognise an UpstreamError of the other copy: the BFF
// answered 500 for every upstream 4xx. Symbol.for is shared by all copies.
const BRAND = Symbol.for("@lifeboat/upstream.UpstreamError");

/**
 * Codes that do not come from the service:
 * - `Timeout` (status 504): the call's deadline (`timeoutMs`) passed.
 * - `NetworkError` (status 503): no HTTP response at all (refused, reset, DNS). 503 rather than 0
 *   so that a status-based mapping treats it as "service unavailable" without a special case.
 * - `InvalidResponse` (status 502): a 2xx body that does not match its contract.
 * - `InvalidRequest` (status 400): the input failed the operation's request schema; nothing was sent.
 * - `AuthenticationFailed` (status 401): the IAM API-key exchange failed.
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;
  readonly operation: string | undefined;
  /** The failing fields the service named (the Lifeboat engine's `fieldErrors`); empty otherwise. */
  readonly fieldErrors: readonly FieldError[];

  constructor(init: UpstreamErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.operation = init.operation;
    this.fieldErrors = init.fieldErrors ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-correlation-id", "x-global-transaction-id", "x-transaction-id"];

/**
 * A Lifeboat engine extension the upstream does not have (not a Lifeboat engine, or an older one):
 * 501 NotSupported saying plainly what it cannot do, with the original error as the cause.
 */
export function extensionNotSupported(error: UpstreamError, operation: string, message: string): UpstreamError {
  return new UpstreamError({ status: 501, code: "NotSupported", message, requestId: error.requestId, operation, cause: error });
}

export function requestIdFrom(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterFrom(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

const STATUS_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  412: "PreconditionFailed",
  413: "PayloadTooLarge",
  422: "UnprocessableEntity",
  429: "TooManyRequests",
  500: "InternalServerError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

export function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? `Http${status}`;
}

const MAX_MESSAGE_CHARS = 500;

function asText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Reads both error shapes of reference §0.6: Cohesity `{errorCode, message}` and the IBM API
 * handbook container `{errors:[{code, message}], trace, status_code}`. The message is taken in
 * go-sdk-core's order: errors[0].message, error, message, errorMessage.
 */
export function parseErrorBody(bodyText: string): { code?: string; message?: string; fieldErrors?: FieldError[] } {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return {};
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const first = Array.isArray(record.errors) ? (record.errors[0] as Record<string, unknown> | undefined) : undefined;
  const nested = typeof record.error === "object" && record.error !== null ? (record.error as Record<string, unknown>) : undefined;
  const message =
    asText(first?.message) ??
    asText(record.error) ??
    asText(nested?.message) ??
    asText(record.message) ??
    asText(record.errorMessage);
  const code = asText(first?.code) ?? asText(record.errorCode) ?? asText(record.code) ?? asText(nested?.code);
  const fieldErrors = fieldErrorsFrom(record.fieldErrors);
  return { code, message, ...(fieldErrors ? { fieldErrors } : {}) };
}

/** The `fieldErrors` extension (contracts' field-errors.ts), entry by entry: a bad entry is dropped, not the error. */
function fieldErrorsFrom(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: FieldError[] = [];
  for (const entry of value.slice(0, MAX_FIELD_ERRORS)) {
    const parsed = FieldErrorSchema.safeParse(entry);
    if (parsed.success) out.push(parsed.data);
  }
  return out.length > 0 ? out : undefined;
}

export function errorFromResponse(
  response: { status: number; statusText: string; headers: Headers },
  bodyText: string,
  operation?: string,
): UpstreamError {
  const parsed = parseErrorBody(bodyText);
  const fallback = response.statusText || `HTTP ${response.status}`;
  let message = parsed.message ?? fallback;
  if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS)}…`;
  return new UpstreamError({
    status: response.status,
    code: parsed.code ?? codeForStatus(response.status),
    message,
    requestId: requestIdFrom(response.headers),
    retryAfter: retryAfterFrom(response.headers),
    operation,
    fieldErrors: parsed.fieldErrors,
  });
}
