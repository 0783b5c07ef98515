// The client address for rate limiting, sessions and the audit log, as route handlers and server
// components see it. A route handler of the App Router does not see the socket, and `next start`
// keeps an X-Forwarded-For a client sends (it only fills it in when missing), so the portal runs
// behind its own HTTP server (apps/web/server.ts): it computes the address from the socket (or the
// trusted proxies' header, LIFEBOAT_TRUST_PROXY) and hands it over in CLIENT_IP_HEADER, replacing
// anything a client wrote there. Under a bare `next dev`/`next start` that header is not trusted;
// the proxy rule alone applies (null with no trusted proxy).
import "server-only";
import { CLIENT_IP_HEADER, CLIENT_IP_HEADER_OWNER, clientAddress } from "./client-address.ts";
import { webEnv } from "./env.ts";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function header(headers: HeaderSource, name: string): string[] {
  if (!headers) return [];
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function serverSetsClientIp(): boolean {
  return (globalThis as Record<symbol, unknown>)[CLIENT_IP_HEADER_OWNER] === true;
}

/** The request's client address, or null when it cannot be known (see above). */
export function clientIpFrom(headers: HeaderSource, trustedHops: number = webEnv().trustProxyHops): string | null {
  if (serverSetsClientIp()) return header(headers, CLIENT_IP_HEADER)[0] || null;
  return trustedHops < 1 ? null : clientAddress({ socketAddress: null, forwardedFor: header(headers, "x-forwarded-for"), trustedHops });
}
