// The REST door on a plain node:http server over a real port (the Next route of apps/web calls the
// same `handleRestRequest`), and a fetch helper that sends an API token.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handleRestRequest, silentLog, type RestHandlerDeps } from "../../src/index.ts";

export interface RestServer {
  /** e.g. http://127.0.0.1:41234/api/v1 */
  base: string;
  call(path: string, token: string | null, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** `deps()` is read per request, so a test can swap the rate limiter between calls. */
export async function startRestServer(deps: () => Omit<RestHandlerDeps, "log" | "clientIp">): Promise<RestServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) });
      void handleRestRequest(request, { log: silentLog, clientIp: req.socket.remoteAddress ?? null, ...deps() }).then(
        async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`handler threw: ${String(error)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return {
    base,
    call: (path, token, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json", ...init.headers },
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
