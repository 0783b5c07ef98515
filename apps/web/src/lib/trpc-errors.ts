// Turning BFF errors into what a form or toast shows. The BFF's error formatter (packages/api
// errors.ts) puts flattened zod issues at `data.fieldErrors` and the upstream request id at
// `data.upstreamRequestId`; messages are already safe to show.

interface ErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
  upstreamRequestId?: string | null;
}

function dataOf(error: unknown): ErrorData | null {
  if (typeof error !== "object" || error === null) return null;
  const data = (error as { data?: unknown }).data;
  return typeof data === "object" && data !== null ? (data as ErrorData) : null;
}

/** What to try next, per tRPC error code; appended when the message does not say it already. */
const ADVICE: Record<string, string> = {
  UNAUTHORIZED: "Sign in again.",
  FORBIDDEN: "Ask an admin of this workspace for the needed role.",
  NOT_FOUND: "It may have been deleted; reload the page.",
  CONFLICT: "Choose another name, or reload to see the latest state.",
  TOO_MANY_REQUESTS: "Wait a moment and try again.",
  TIMEOUT: "The upstream service is slow; try again.",
  BAD_GATEWAY: "The upstream service answered unexpectedly; try again or test the upstream connection.",
  SERVICE_UNAVAILABLE: "The upstream service is unavailable; try again later.",
  GATEWAY_TIMEOUT: "The upstream service did not answer in time; try again.",
  INTERNAL_SERVER_ERROR: "Try again; if it keeps failing, check the portal logs.",
};

export function errorCode(error: unknown): string | null {
  return dataOf(error)?.code ?? null;
}

/** A one-paragraph message for a toast or an error box. */
export function errorMessage(error: unknown, fallback = "Something went wrong"): string {
  const data = dataOf(error);
  const raw = error instanceof Error && error.message ? error.message : fallback;
  // Network failures surface as TypeError("Failed to fetch") without data.
  if (!data) return /fetch|network/i.test(raw) ? "The portal could not be reached. Check your connection and try again." : raw;
  const advice = data.code ? ADVICE[data.code] : undefined;
  const parts = [raw.endsWith(".") ? raw : `${raw}.`];
  if (advice) parts.push(advice);
  if (data.upstreamRequestId) parts.push(`(upstream request ${data.upstreamRequestId})`);
  return parts.join(" ");
}

/** Field errors by field path ("serviceUrl", "membership.role"), first message each. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const flattened = dataOf(error)?.fieldErrors;
  const out: Record<string, string> = {};
  if (!flattened) return out;
  for (const [path, messages] of Object.entries(flattened.fieldErrors)) {
    const first = messages?.[0];
    if (first) out[path] = first;
  }
  return out;
}
