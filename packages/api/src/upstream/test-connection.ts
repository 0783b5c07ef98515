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

function describeFailure(error: unknown): string {
  if (error instanceof UpstreamError) {
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
  try {
    const client = clientForConnection(conn, { timeoutMs: 15_000, ...opts });
    const result = await client.getProtectionPolicies({});
    const count = result.policies?.length ?? 0;
    return { ok: true, latencyMs: elapsed(), message: `Connected; ${count} protection ${count === 1 ? "policy" : "policies"} visible` };
  } catch (error) {
    const latencyMs = elapsed();
    // Belt and braces: whatever the upstream echoed, the key itself never reaches a message.
    const apiKey = decryptSecret(conn.apiKeyCiphertext);
    let message = describeFailure(error).split(apiKey).join("[redacted]");
    if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 1)}…`;
    return { ok: false, latencyMs, message, requestId: error instanceof UpstreamError ? error.requestId : undefined };
  }
}
