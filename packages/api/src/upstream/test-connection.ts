// `upstreamConnection.test`: obtain an IAM token and make one cheap read through the real upstream
// client. The message goes to admins and the database, so it is clipped and scrubbed of the key.
import { UpstreamError } from "@lifeboat/upstream";
import { decryptSecret } from "@lifeboat/db";
import { clientForConnection, type ConnectionSettings, type UpstreamClientOptions } from "./upstream-for.ts";

export interface ConnectionTestResult {
  ok: boolean;
  latencyMs: number;
  message: string;
  /** Request id of the failing upstream call, for the audit row (not part of the procedure output). */
  requestId?: string | undefined;
}

const MAX_MESSAGE = 300;

/**
 * `tokenPhase`: no request reached the service yet, so the failure belongs to the IAM token
 * exchange. A key the token URL judged (HTTP 400/401) is "not accepted"; no answer at all
 * (refused, DNS, timeout) means the token URL could not be reached — the key was never checked.
 */
function describeFailure(error: unknown, tokenUrl: string, tokenPhase: boolean): string {
  if (error instanceof UpstreamError) {
    if (tokenPhase && error.code === "NetworkError") {
      const cause = error.cause as { message?: string } | undefined;
      return `The IAM token URL ${tokenUrl} could not be reached: ${cause?.message ?? error.message}`;
    }
    if (tokenPhase && error.code === "Timeout") return `The IAM token URL ${tokenUrl} did not answer in time`;
    if (error.code === "NetworkError") return `Could not reach the service: ${error.message}`;
    if (error.code === "Timeout") return "The service did not answer in time";
    if (error.code === "AuthenticationFailed") return `The API key was not accepted: ${error.message}`;
    if (error.status === 401) return "The service rejected the access token (HTTP 401): check the key and the IAM token URL";
    if (error.status === 403) return "The API key is valid but not allowed to read protection policies (HTTP 403)";
    return `Upstream answered HTTP ${error.status}${error.code ? ` (${error.code})` : ""}: ${error.message}`;
  }
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  if (e?.cause?.code) return `Could not reach the service: ${e.cause.code}`;
  return `Connection test failed: ${e?.cause?.message ?? e?.message ?? String(error)}`;
}

export async function testUpstreamConnection(
  conn: ConnectionSettings,
  opts: UpstreamClientOptions = {},
): Promise<ConnectionTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // The IBM SDK fetches the token with its own HTTP stack; only the service call goes through
  // this fetch, so "not called yet" tells a token-URL failure from a service failure.
  let serviceCalled = false;
  const baseFetch = opts.fetch ?? globalThis.fetch;
  const trackingFetch: typeof fetch = (input, init) => {
    serviceCalled = true;
    return baseFetch(input, init);
  };
  try {
    const client = clientForConnection(conn, { timeoutMs: 15_000, ...opts, fetch: trackingFetch });
    const result = await client.getProtectionPolicies({});
    const count = result.policies?.length ?? 0;
    return { ok: true, latencyMs: elapsed(), message: `Connected; ${count} protection ${count === 1 ? "policy" : "policies"} visible` };
  } catch (error) {
    const latencyMs = elapsed();
    // Belt and braces: whatever the upstream echoed, the key itself never reaches a message.
    const apiKey = decryptSecret(conn.apiKeyCiphertext);
    let message = describeFailure(error, conn.iamTokenUrl, !serviceCalled).split(apiKey).join("[redacted]");
    if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 1)}…`;
    return { ok: false, latencyMs, message, requestId: error instanceof UpstreamError ? error.requestId : undefined };
  }
}
