// Credentials for the upstream API. IAM API keys are exchanged with IBM's own IamAuthenticator
// (ibm-cloud-sdk-core), which caches the access token, refreshes it in the background once 80 %
// of its lifetime has passed and fetches synchronously when it has expired (reference §0.2).
import { IamAuthenticator } from "ibm-cloud-sdk-core";
import { UpstreamError } from "./errors.ts";

export const IBM_IAM_TOKEN_URL = "https://iam.cloud.ibm.com/identity/token";
const TOKEN_PATH = "/identity/token";

export type UpstreamAuth =
  /**
   * `tokenUrl` is the full token endpoint: `https://iam.cloud.ibm.com/identity/token` (default) or
   * the bundled engine's `http://127.0.0.1:4000/identity/token`.
   */
  | { type: "iam"; apiKey: string; tokenUrl?: string | undefined }
  | { type: "bearer"; token: string }
  | { type: "none" };

export interface AuthProvider {
  /** The Authorization header value, or undefined for `none`. */
  authorization(): Promise<string | undefined>;
}

/**
 * The SDK's `url` option is the IAM *base* URL: it strips a trailing `/identity/token` and always
 * posts to `<url>/identity/token`. We take the full token URL (what operators copy from docs) and
 * insist on that suffix, so a URL the SDK would silently extend is refused up front.
 */
export function iamBaseUrl(tokenUrl: string): string {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    throw new TypeError(`auth.tokenUrl is not a valid URL: "${tokenUrl}"`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!path.endsWith(TOKEN_PATH) || url.search) {
    throw new TypeError(`auth.tokenUrl must end in ${TOKEN_PATH} (e.g. ${IBM_IAM_TOKEN_URL}), got "${tokenUrl}"`);
  }
  return `${url.origin}${path.slice(0, -TOKEN_PATH.length)}`;
}

/** Never let the key reach a message or log line, whatever the IAM server echoed. */
function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

function createIamProvider(apiKey: string, tokenUrl: string): AuthProvider {
  if (!apiKey.trim()) throw new TypeError("auth.apiKey is empty");
  const url = iamBaseUrl(tokenUrl);
  let authenticator: IamAuthenticator;
  try {
    authenticator = new IamAuthenticator({ apikey: apiKey, url });
  } catch (error) {
    // The SDK rejects keys wrapped in quotes/braces; its message names the field, not the value.
    throw new TypeError(redact(error instanceof Error ? error.message : String(error), apiKey));
  }
  return {
    async authorization() {
      const request: { headers?: Record<string, string> } = { headers: {} };
      try {
        await authenticator.authenticate(request);
      } catch (error) {
        const err = error as { status?: number; message?: string; headers?: Record<string, string> };
        const detail = redact(err.message ?? "unknown error", apiKey);
        if (!err.status) {
          // No HTTP answer at all (refused, DNS, reset): the key was never judged, so this is a
          // network failure of the token URL (retryable like any other), not a rejected key.
          throw new UpstreamError({
            status: 503,
            code: "NetworkError",
            message: `IAM token URL ${tokenUrl} could not be reached: ${detail}`,
            cause: error,
          });
        }
        const where = `HTTP ${err.status}`;
        throw new UpstreamError({
          status: 401,
          code: "AuthenticationFailed",
          message: `IAM token exchange at ${tokenUrl} failed (${where}): ${detail}`,
          requestId: err.headers?.["x-request-id"] ?? err.headers?.["transaction-id"],
        });
      }
      const header = request.headers?.Authorization;
      if (!header) {
        throw new UpstreamError({ status: 401, code: "AuthenticationFailed", message: "IAM returned no access token" });
      }
      return header;
    },
  };
}

export function createAuthProvider(auth: UpstreamAuth): AuthProvider {
  switch (auth.type) {
    case "iam":
      return createIamProvider(auth.apiKey, auth.tokenUrl ?? IBM_IAM_TOKEN_URL);
    case "bearer": {
      if (!auth.token.trim()) throw new TypeError("auth.token is empty");
      const header = `Bearer ${auth.token}`;
      return { authorization: () => Promise.resolve(header) };
    }
    case "none":
      return { authorization: () => Promise.resolve(undefined) };
    default:
      throw new TypeError(`unknown auth type "${(auth as { type: unknown }).type}"`);
  }
}
