// The portal's HTTP server: Next's request handler behind a plain node:http server, for one reason —
// route handlers of the App Router never see the socket, and `next start` keeps an X-Forwarded-For a
// client sends, so without this the portal cannot know who is calling (rate limits per client
// address, the sessions list, the audit log's Client IP). Here the address comes from the socket,
// or from trusted proxies' X-Forwarded-For when LIFEBOAT_TRUST_PROXY says so (client-address.ts),
// and reaches the app in CLIENT_IP_HEADER, overwriting whatever a client put there.
// Run: `node --import tsx server.ts` in apps/web after `next build` (the launcher does this).
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { CLIENT_IP_HEADER, CLIENT_IP_HEADER_OWNER, clientAddress, TrustProxySchema } from "./src/server/client-address.ts";

const trust = TrustProxySchema.safeParse(process.env.LIFEBOAT_TRUST_PROXY?.trim() || undefined);
if (!trust.success) {
  console.error(`Invalid portal environment: ${trust.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(1);
}
const trustedHops = trust.data;
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;

const app = next({ dev: false, dir: path.dirname(fileURLToPath(import.meta.url)), port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();
// From here on CLIENT_IP_HEADER is ours: client-ip.ts reads it only when this flag is set.
(globalThis as Record<symbol, unknown>)[CLIENT_IP_HEADER_OWNER] = true;

const server = createServer((req, res) => {
  const forwarded = req.headers["x-forwarded-for"];
  const address = clientAddress({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: forwarded === undefined ? [] : Array.isArray(forwarded) ? forwarded : [forwarded],
    trustedHops,
  });
  req.headers[CLIENT_IP_HEADER] = address ?? "";
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`portal listening on http://${hostname ?? "localhost"}:${port}`));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Open keep-alive connections and live subscriptions would hold close() forever.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
