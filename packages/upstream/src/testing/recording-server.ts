// A real node:http server on port 0 for the client's unit tests: it records every request and
// answers through a handler the test supplies. Test support only; not exported by the package.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path without the query string, still percent-encoded as sent. */
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface RecordingServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  /** Most requests that were being handled at the same time. */
  maxInFlight: number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(text);
}

export async function startRecordingServer(initial?: Handler): Promise<RecordingServer> {
  let handler: Handler = initial ?? ((_request, response) => sendJson(response, 404, { errorCode: "NoHandler", message: "no handler" }));
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawUrl = req.url ?? "/";
      const q = rawUrl.indexOf("?");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: q === -1 ? rawUrl : rawUrl.slice(0, q),
        rawQuery: q === -1 ? "" : rawUrl.slice(q + 1),
        query: new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: String(error) });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    setHandler(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
