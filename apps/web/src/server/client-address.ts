// The one rule for a request's client address, shared by the portal's HTTP server (server.ts, which
// sees the socket) and client-ip.ts (route handlers, which only see headers). No "server-only"
// import: server.ts runs outside Next's bundler.
import { isIP } from "node:net";
import { z } from "zod";

/** LIFEBOAT_TRUST_PROXY: how many reverse proxies in front of the portal append to X-Forwarded-For. */
export const TrustProxySchema = z
  .string()
  .regex(/^(?:[0-9]|10)$/, "LIFEBOAT_TRUST_PROXY must be the number of reverse proxies in front of the portal, 0 to 10 (e.g. 1)")
  .transform(Number)
  .default(0);

/** The header server.ts sets on every request (after deleting whatever a client sent). */
export const CLIENT_IP_HEADER = "x-lifeboat-client-ip";
/** Set on globalThis by server.ts: CLIENT_IP_HEADER is then ours, not a client's. */
export const CLIENT_IP_HEADER_OWNER = Symbol.for("lifeboat.web.clientIpHeader");

/** `::ffff:127.0.0.1` → `127.0.0.1`, so one client has one key in the limiters and the audit log. */
function normalise(address: string | undefined | null): string | null {
  if (!address) return null;
  const plain = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(plain) ? plain : null;
}

/**
 * With no trusted proxy, the socket's peer. With N reverse proxies in front (LIFEBOAT_TRUST_PROXY),
 * each appending the address it saw to X-Forwarded-For, the N-th entry from the right; whatever a
 * client wrote to the left of it is ignored, so a forged header buys no fresh rate-limit budget.
 * Null when the chain is shorter than the proxies configured or the entry is not an address.
 */
export function clientAddress(input: { socketAddress: string | undefined | null; forwardedFor: string[]; trustedHops: number }): string | null {
  if (input.trustedHops < 1) return normalise(input.socketAddress);
  const entries = input.forwardedFor.flatMap((v) => v.split(",")).map((e) => e.trim());
  const entry = entries.length >= input.trustedHops ? entries[entries.length - input.trustedHops] : undefined;
  return normalise(entry);
}
