// Errors in one place: `toTRPCError` turns anything a procedure throws into a TRPCError, and
// `formatError` decides what of it reaches the browser. See STYLE.md "Errors in one place".
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { UpstreamError } from "@lifeboat/upstream";
import { formatZodIssues } from "@lifeboat/contracts";
import { z } from "zod";
import { dbErrorCode } from "./db-errors.ts";
import type { ApiLog } from "./log.ts";
import { upstreamFieldIssues } from "./upstream/field-paths.ts";

const GENERIC_INTERNAL = "Internal server error";
const MAX_MESSAGE = 300;

/**
 * Upstream HTTP status → tRPC code (STYLE.md): each status keeps its meaning through tRPC and the
 * REST door (which answers the code's HTTP status). 401 is handled apart: it is our credential.
 */
const UPSTREAM_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  428: "PRECONDITION_REQUIRED",
  429: "TOO_MANY_REQUESTS",
  // The upstream client's own code for a call its caller abandoned (the browser went away).
  499: "CLIENT_CLOSED_REQUEST",
  // An upstream without the operation (the bundled engine before its part 2): the portal says so
  // instead of a generic gateway error.
  501: "NOT_IMPLEMENTED",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

function upstreamCode(e: UpstreamError): TRPC_ERROR_CODE_KEY {
  // Client-side codes of @lifeboat/upstream (see its errors.ts): our deadline passed, or a 2xx
  // body broke its contract (the upstream misbehaved, not the caller).
  if (e.code === "Timeout") return "TIMEOUT";
  if (e.code === "InvalidResponse") return "BAD_GATEWAY";
  const mapped = UPSTREAM_STATUS[e.status];
  if (mapped) return mapped;
  if (e.status >= 400 && e.status < 500) return "BAD_REQUEST";
  return "BAD_GATEWAY";
}

/** What a user reads for an upstream 5xx or a failure of the client itself (no upstream internals). */
function serverSideMessage(e: UpstreamError, code: TRPC_ERROR_CODE_KEY): string {
  if (e.status === 501) return "The upstream service does not implement this operation yet (HTTP 501)";
  if (e.code === "Timeout") return "The upstream service did not answer in time; try again";
  if (e.code === "NetworkError") return "The upstream service cannot be reached right now; try again shortly";
  if (e.code === "InvalidResponse") return "The upstream service sent an answer the portal cannot read (see the portal log)";
  if (e.status === 503) return "The upstream service is unavailable right now; try again shortly";
  return `Upstream service error (${code})`;
}

function fromUpstream(e: UpstreamError): TRPCError {
  if (e.status === 401) {
    // The upstream rejected *our* API key or token: a server-side problem with the workspace's
    // upstream connection, not a bug of the BFF (500) and not the browser's session expiring
    // (UNAUTHORIZED would send the user to the sign-in page). The gateway's credential failed: 502.
    return new TRPCError({
      code: "BAD_GATEWAY",
      message:
        "The upstream service rejected the workspace's upstream connection credentials (HTTP 401). An admin must check its API key.",
      cause: e,
    });
  }
  const code = upstreamCode(e);
  // 5xx bodies are the upstream's internals; 4xx messages explain what was wrong with the request
  // (a wrong-state action's 409 says which state, a refused delete which groups use the policy).
  const clientSide = e.status >= 400 && e.status < 500 && e.code !== "Timeout";
  const message = clientSide && e.message ? clip(`Upstream: ${e.message}`) : serverSideMessage(e, code);
  return new TRPCError({ code, message, cause: e });
}

/** Maps any thrown value to a TRPCError. TRPCErrors whose cause is a known error are re-mapped. */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (cause instanceof UpstreamError) return fromUpstream(cause);
  if (cause instanceof z.ZodError) {
    // Input parse errors (and our own parses): one readable line per failing field instead of
    // zod's JSON dump. Zod messages describe the rule, not the value, so no input is echoed.
    return new TRPCError({ code: "BAD_REQUEST", message: clip(formatZodIssues(cause)), cause });
  }
  const db = dbErrorCode(cause);
  if (db) return new TRPCError({ code: db.code, message: db.message, cause });
  if (error instanceof TRPCError) return error;
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_INTERNAL, cause: error });
}

/** Seconds a caller should wait before retrying, when the error says so (upstream 429/503 Retry-After). */
export function retryAfterOfError(error: unknown): number | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  return cause instanceof UpstreamError && cause.retryAfter !== undefined ? cause.retryAfter : null;
}

/** The request id an upstream error carried, for the formatter and the audit log. */
export function upstreamRequestIdOf(error: unknown): string | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  return cause instanceof UpstreamError && cause.requestId ? String(cause.requestId) : null;
}

interface Issue {
  readonly path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  readonly message: string;
}

/** Field errors keyed by dotted path ("" for form-level errors), the shape forms show per field. */
export function flattenIssues(issues: readonly Issue[]): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = (issue.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
    if (!path) formErrors.push(issue.message);
    else (fieldErrors[path] ??= []).push(issue.message);
  }
  return { formErrors, fieldErrors };
}

function issuesOf(cause: unknown): readonly Issue[] | null {
  if (cause instanceof z.ZodError) return cause.issues;
  // The upstream's field errors (its 400's `fieldErrors`), placed at input paths (upstream/field-paths.ts).
  if (cause instanceof UpstreamError) return cause.fieldErrors.length > 0 ? upstreamFieldIssues(cause) : null;
  const issues = (cause as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : null;
}

interface FormatArgs {
  shape: { message: string; code: number; data: Record<string, unknown> };
  error: TRPCError;
}

/** tRPC `errorFormatter`: a safe message, flattened field errors and the upstream request id. */
export function formatError({ shape, error }: FormatArgs) {
  const issues = error.code === "BAD_REQUEST" ? issuesOf(error.cause) : null;
  // Unknown failures may carry anything (SQL, URLs with credentials): the browser gets the
  // generic sentence, the portal log the cause (`logInternalError`).
  const safeMessage = error.code === "INTERNAL_SERVER_ERROR" ? GENERIC_INTERNAL : shape.message;
  const { stack: _stack, ...data } = shape.data;
  return {
    ...shape,
    message: safeMessage,
    data: {
      ...data,
      fieldErrors: issues ? flattenIssues(issues) : null,
      upstreamRequestId: upstreamRequestIdOf(error),
    },
  };
}

// -- The log line of a BFF bug ------------------------------------------------------------------

const MAX_CAUSE_CHARS = 2000;
const logged = new WeakSet<object>();

/** Credentials never reach the log: URL userinfo, bearer tokens, API tokens, `password=` pairs. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+):([^\s/@]+)@/gi, "$1$2:***@")
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1***")
    .replace(/\blbt_[A-Za-z0-9_-]+/g, "lbt_***")
    .replace(/\b((?:password|passwd|secret|api[_-]?key|token)\s*[=:]\s*)[^\s,;&"']+/gi, "$1***");
}

/** The cause chain of an error as one bounded, redacted text (name: message, then the stack's top). */
function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    if (current instanceof Error) {
      const stack = (current.stack ?? "").split("\n").slice(1, 6).join("\n");
      parts.push(`${current.name}: ${current.message}${stack ? `\n${stack}` : ""}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  const text = redactSecrets(parts.join("\ncaused by "));
  return text.length > MAX_CAUSE_CHARS ? `${text.slice(0, MAX_CAUSE_CHARS)}…` : text;
}

/**
 * One error line for a failure the BFF did not expect (a 500: its own bug), with what is needed to
 * find it: the procedure, the upstream request id of the call it made (if any) and the cause.
 * Logged once per error, whichever layer sees it first (the procedure chain or the HTTP adapter).
 */
export function logInternalError(
  log: ApiLog,
  details: { error: TRPCError; path: string | undefined; type?: string | undefined; upstreamRequestId?: string | null | undefined },
): void {
  if (details.error.code !== "INTERNAL_SERVER_ERROR" || logged.has(details.error)) return;
  logged.add(details.error);
  log.error("request failed: internal error", {
    path: details.path ?? null,
    type: details.type ?? null,
    code: details.error.code,
    upstreamRequestId: details.upstreamRequestId ?? upstreamRequestIdOf(details.error),
    cause: describeCause(details.error.cause ?? details.error),
  });
}
