// Building request URLs: the service URL check (reference §Q 2), path templates and query strings
// (arrays comma-joined, reference §0.4 and §Q 14).

/**
 * Returns the service URL without a trailing slash. It must be http(s) and end in `/v2`: the IBM
 * getting-started sample shows the bare host, which silently turns every call into a 404 (§Q 2).
 */
export function normalizeServiceUrl(serviceUrl: string): string {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    throw new TypeError(`serviceUrl is not a valid URL: "${serviceUrl}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`serviceUrl must use http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) {
    throw new TypeError("serviceUrl must not carry a query string or fragment");
  }
  const trimmed = url.toString().replace(/\/+$/, "");
  if (!trimmed.endsWith("/v2")) {
    throw new TypeError(
      `serviceUrl must end in /v2 (e.g. https://<instance>.<region>.backup-recovery.cloud.ibm.com/v2), got "${serviceUrl}"`,
    );
  }
  return trimmed;
}

/**
 * The URL the host-root operations resolve against (reference §Q 26): the normalised service URL
 * without its trailing `/v2`, as the IBM SDK builds it.
 */
export function hostRoot(normalizedServiceUrl: string): string {
  return normalizedServiceUrl.replace(/\/v2$/, "");
}

/**
 * Encodes one path segment. Colons stay literal: group, run and recovery ids look like `12:34:5`
 * (reference §0.4) and the Go SDK's url.PathEscape leaves `:` alone too.
 */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

export function fillPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === "") {
      throw new TypeError(`path parameter "${name}" is missing for ${template}`);
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint") {
      throw new TypeError(`path parameter "${name}" must be a string or number`);
    }
    return encodeSegment(String(value));
  });
}

function scalar(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  throw new TypeError(`query parameter "${name}" must be a string, number or boolean`);
}

/** Arrays become ONE comma-joined value (`?ids=a,b,c`), as the SDK sends them (§Q 14). */
export function encodeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      search.append(name, value.map((item) => scalar(name, item)).join(","));
    } else {
      search.append(name, scalar(name, value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
