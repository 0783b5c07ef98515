// The client address for rate limiting and the audit log. Next.js (App Router) does not expose the
// socket address; `next start` forwards it as x-forwarded-for, and a reverse proxy in front of the
// portal appends its own view. The first entry is the original client.
type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function read(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function clientIpFrom(headers: HeaderSource): string | null {
  const forwarded = read(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || read(headers, "x-real-ip")?.trim();
  // Bound the length: it is stored and used as a rate-limiter key.
  return ip ? ip.slice(0, 64) : null;
}
