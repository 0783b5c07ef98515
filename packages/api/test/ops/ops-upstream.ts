// A local HTTP upstream for the sync tests: IAM, groups, runs (time window + numRuns, newest
// first, as reference §5 describes), objects (paginationCookie + count), connectors, recoveries.
// Its state is plain data the test edits between ticks; every request is recorded with its query.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface OpsUpstreamState {
  groups: Record<string, unknown>[];
  runs: Record<string, Record<string, unknown>[]>;
  objects: Record<string, unknown>[];
  connectors: Record<string, unknown>[];
  recoveries: Record<string, unknown>[] | "fail";
}

export interface OpsUpstream {
  url: string;
  state: OpsUpstreamState;
  requests: { path: string; query: Record<string, string> }[];
  close(): Promise<void>;
}

function jwt(claims: object): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `ops-${status}` });
  res.end(JSON.stringify(body));
}

const startOf = (run: Record<string, unknown>) => ((run.localBackupInfo as { startTimeUsecs: number }).startTimeUsecs);

export async function startOpsUpstream(state: OpsUpstreamState): Promise<OpsUpstream> {
  const requests: OpsUpstream["requests"] = [];
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? "/", "http://x");
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query });
    if (url.pathname === "/identity/token") {
      const iat = Math.floor(Date.now() / 1000);
      return send(res, 200, { access_token: jwt({ iat, exp: iat + 3600 }), refresh_token: "r", token_type: "Bearer", expires_in: 3600, expiration: iat + 3600 });
    }
    if (url.pathname === "/v2/data-protect/protection-groups") return send(res, 200, { protectionGroups: state.groups });
    const runs = /^\/v2\/data-protect\/protection-groups\/([^/]+)\/runs$/.exec(url.pathname);
    if (runs) {
      const all = state.runs[decodeURIComponent(runs[1]!)] ?? [];
      const from = Number(query.startTimeUsecs ?? 0);
      const to = Number(query.endTimeUsecs ?? Number.MAX_SAFE_INTEGER);
      const numRuns = Math.min(Number(query.numRuns ?? 100), 100);
      const inWindow = all.filter((r) => startOf(r) >= from && startOf(r) <= to).sort((a, b) => startOf(b) - startOf(a));
      return send(res, 200, { runs: inWindow.slice(0, numRuns), totalRuns: inWindow.length });
    }
    if (url.pathname === "/v2/data-protect/search/objects") {
      const count = Number(query.count ?? 50);
      const after = query.paginationCookie ? Number(query.paginationCookie) : -1;
      const rest = state.objects.filter((o) => (o.id as number) > after);
      const page = rest.slice(0, count);
      const more = rest.length > count;
      return send(res, 200, { objects: page, count: page.length, ...(more ? { paginationCookie: String(page.at(-1)!.id) } : {}) });
    }
    if (url.pathname === "/v2/data-source-connectors") return send(res, 200, { connectors: state.connectors });
    if (url.pathname === "/v2/data-protect/recoveries") {
      if (state.recoveries === "fail") return send(res, 503, { errorCode: "Unavailable", message: "recovery service down" });
      return send(res, 200, { recoveries: state.recoveries });
    }
    send(res, 404, { errorCode: "NotFound", message: `no route ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
