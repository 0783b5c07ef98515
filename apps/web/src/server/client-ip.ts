// The client address for rate limiting and the audit log. A route handler of the App Router does
// not see the socket: `next start` only fills in x-forwarded-for with the peer address when the
// request has none (base-server: `x-forwarded-for ??= socket.remoteAddress`), so a header a client
// sends arrives unchanged and is indistinguishable from Next's own. The header is therefore trusted
// only as far as LIFEBOAT_TRUST_PROXY (env.ts) says: with N proxies in front, each appending the
// address it saw, the client is the N-th entry from the right; whatever a client wrote to the left
// of it is ignored, so a forged header buys no fresh rate-limit budget. With no trusted proxy the
// address is unknown (null), and the limiters count all such requests together.
import "server-only";
import { isIP } from "node:net";
import { webEnv } from "./env.ts";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

/** Every x-forwarded-for value, in order (a plain object may hold the header several times). */
function forwardedFor(headers: HeaderSource): string[] {
  if (!headers) return [];
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const values = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => v.split(",")).map((entry) => entry.trim());
}

/**
 * The address the `trustedHops`-th proxy from the portal saw, or null when no proxy is trusted,
 * the chain is shorter than the proxies configured, or the entry is not an IP address.
 */
export function clientIpFrom(headers: HeaderSource, trustedHops: number = webEnv().trustProxyHops): string | null {
  if (trustedHops < 1) return null;
  const entries = forwardedFor(headers);
  const entry = entries.length >= trustedHops ? entries[entries.length - trustedHops] : undefined;
  return entry && isIP(entry) ? entry : null;
}
