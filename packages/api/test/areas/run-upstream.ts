// A small real HTTP upstream for the operations the engine answers 501 today (runs, recoveries,
// restore points, downloads): IAM token exchange plus those routes over mutable state, a request
// id on every answer, and a count of requests per route so tests can see what reached it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunUpstreamState {
  runs: Record<string, unknown>[];
  recoveries: Record<string, unknown>[];
  file: Buffer;
  created: { runs: unknown[]; recoveries: unknown[]; actions: unknown[] };
  hits: Record<string, number>;
  /** When set, every /v2 request waits this long before answering (a slow upstream). */
  delayMs: number;
  /** The next N recovery listings answer 503. */
  failRecoveryLists: number;
}

export interface RunUpstream {
  url: string;
  tenantId: string;
  apiKey: string;
  state: RunUpstreamState;
  close(): Promise<void>;
}

const jwt = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

let seq = 0;
function send(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `run-upstream-${++seq}` });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startRunUpstream(): Promise<RunUpstream> {
  const apiKey = "run-upstream-key";
  const tenantId = "runs/";
  const state: RunUpstreamState = {
    runs: [],
    recoveries: [],
    file: Buffer.alloc(0),
    created: { runs: [], recoveries: [], actions: [] },
    hits: {},
    delayMs: 0,
    failRecoveryLists: 0,
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://x");
    const route = `${req.method} ${url.pathname.replace(/\d+:\d+:\d+/g, "{id}")}`;
    state.hits[route] = (state.hits[route] ?? 0) + 1;
    if (route === "POST /identity/token") {
      const iat = Math.floor(Date.now() / 1000);
      if (new URLSearchParams(raw).get("apikey") !== apiKey) return send(res, 400, { errorMessage: "bad key" });
      return send(res, 200, { access_token: jwt({ iat, exp: iat + 3600 }), token_type: "Bearer", expires_in: 3600, expiration: iat + 3600 });
    }
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
    if (res.destroyed) return;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const id = /\/(\d+:\d+:\d+)/.exec(url.pathname)?.[1];
    switch (route) {
      case "GET /v2/data-protect/protection-groups/{id}/runs": {
        const runId = url.searchParams.get("runId");
        return send(res, 200, { runs: state.runs.filter((r) => r.protectionGroupId === id && (!runId || r.id === runId)) });
      }
      case "POST /v2/data-protect/protection-groups/{id}/runs":
        state.created.runs.push(body);
        return send(res, 202, { protectionGroupId: id });
      case "PUT /v2/data-protect/protection-groups/{id}/runs": {
        const params = body.updateProtectionGroupRunParams as { runId: string }[];
        const known = new Set(state.runs.map((r) => r.id));
        return send(res, 207, {
          successfulRunIds: params.filter((p) => known.has(p.runId)).map((p) => p.runId),
          failedRuns: params.filter((p) => !known.has(p.runId)).map((p) => ({ runId: p.runId, errorMessage: "run not found" })),
        });
      }
      case "POST /v2/data-protect/protection-groups/{id}/runs/actions": {
        state.created.actions.push(body);
        const pause = body.pauseParams as { runId: string }[] | undefined;
        const finished = (runId: string) => state.runs.find((r) => r.id === runId && (r.localBackupInfo as { status?: string })?.status !== "Running");
        return send(res, 200, {
          action: body.action,
          ...(pause ? { pauseParams: pause.map((p) => ({ runId: p.runId, ...(finished(p.runId) ? { error: "run is not running" } : {}) })) } : {}),
        });
      }
      case "GET /v2/data-protect/recoveries":
        if (state.failRecoveryLists > 0) {
          state.failRecoveryLists--;
          return send(res, 503, { errorCode: "ServiceUnavailable", message: "maintenance" });
        }
        return send(res, 200, { recoveries: state.recoveries });
      case "GET /v2/data-protect/recoveries/{id}": {
        const found = state.recoveries.find((r) => r.id === id);
        return found ? send(res, 200, found) : send(res, 404, { errorCode: "NotFound", message: `recovery ${id} does not exist` });
      }
      case "POST /v2/data-protect/recoveries":
      case "POST /v2/data-protect/recoveries/download-files-folders": {
        const recovery = { id: `1:1:${100 + state.recoveries.length}`, name: body.name, status: "Running", startTimeUsecs: Date.now() * 1000 };
        state.recoveries.push(recovery);
        state.created.recoveries.push(body);
        return send(res, 201, recovery);
      }
      case "POST /v2/data-protect/snapshots/restore-points":
        return send(res, 201, { timeRangeInfo: { timeRanges: [{ startTimeUsecs: 1, endTimeUsecs: 2 }] } });
      case "GET /v2/data-protect/objects/17/snapshots":
        return send(res, 200, { snapshots: [{ id: "snap-1", objectId: 17, protectionGroupId: "1:1:7", runType: "kRegular" }] });
      case "POST /v2/data-protect/search/indexed-objects": {
        // Two files in pages of `count`, continued by an opaque cookie (§0.5).
        const files = [{ name: "a.txt", path: "/data/a.txt" }, { name: "b.txt", path: "/data/b.txt" }];
        const from = body.paginationCookie === "page-2" ? 1 : 0;
        return send(res, 200, { objectType: body.objectType, files: files.slice(from, from + 1), ...(from === 0 ? { paginationCookie: "page-2" } : {}) });
      }
      case "POST /v2/data-protect/agents/download":
        res.writeHead(200, { "content-type": "application/octet-stream", "x-request-id": `run-upstream-${++seq}` });
        return res.end(Buffer.from(`agent-package-for-${String(body.platform)}`));
      case "GET /v2/data-protect/recoveries/{id}/download-files":
      case "GET /v2/data-protect/snapshots/snap-1/download-file": {
        const start = Number(url.searchParams.get("startOffset") ?? 0);
        const length = Number(url.searchParams.get("length") ?? state.file.length);
        const chunk = state.file.subarray(start, start + length);
        res.writeHead(200, { "content-type": "application/octet-stream", "x-request-id": `run-upstream-${++seq}` });
        return res.end(chunk);
      }
      default:
        return send(res, 404, { errorCode: "NotFound", message: `no route ${route}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tenantId,
    apiKey,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
