// Errors in one place: `toTRPCError` turns anything a procedure throws into a TRPCError, and
// `formatError` decides what of it reaches the browser. See STYLE.md "Errors in one place".
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { UpstreamError } from "@lifeboat/upstream";
import { formatZodIssues } from "@lifeboat/contracts";
import { z } from "zod";
import { dbErrorCode } from "./db-errors.ts";

const GENERIC_INTERNAL = "Internal server error";
const MAX_MESSAGE = 300;

/** Upstream HTTP status → tRPC code (STYLE.md). 401 is handled apart: it is our credential. */
const UPSTREAM_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  422: "BAD_REQUEST",
  429: "TOO_MANY_REQUESTS",
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

function fromUpstream(e: UpstreamError): TRPCError {
  if (e.status === 401) {
    // The upstream rejected *our* API key or token: a server-side problem with the workspace's
    // upstream connection. Reporting UNAUTHORIZED would make the browser think its own session
    // expired and send the user to the sign-in page.
    return new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message:
        "The upstream service rejected the workspace's upstream connection credentials (HTTP 401). An admin must check its API key.",
      cause: e,
    });
  }
  const code = upstreamCode(e);
  // 5xx bodies are the upstream's internals; 4xx messages explain what was wrong with the request.
  const message =
    e.status === 501
      ? "The upstream service does not implement this operation yet (HTTP 501)"
      : e.status >= 400 && e.status < 500 && e.message
        ? clip(`Upstream: ${e.message}`)
        : `Upstream service error (${code})`;
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
  // Unknown failures may carry anything (SQL, URLs with credentials); only our own 401 mapping
  // is an INTERNAL_SERVER_ERROR with a message written for users.
  const safeMessage =
    error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof UpstreamError) ? GENERIC_INTERNAL : shape.message;
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
