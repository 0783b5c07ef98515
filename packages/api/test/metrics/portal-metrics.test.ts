// /api/metrics: who may scrape it, and that what it answers is valid Prometheus text (read by a
// Prometheus text-format parser) with the figures of the portal database and of upstream calls.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encryptSecret } from "@lifeboat/db";
import { parseMetricsText } from "@lifeboat/metrics/parse-text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamFor, handleMetricsRequest, silentLog } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
let t: TestDb;
let cast: Cast;
let upstream: http.Server;
let connectionId: string;

const scrape = (authorization?: string) =>
  handleMetricsRequest(new Request("http://portal.test/api/metrics", { headers: authorization ? { authorization } : {} }), { db: t.db, log: silentLog, metricsToken: METRICS_TOKEN });

beforeAll(async () => {
  t = await openTestDb("metrics");
  cast = await createCast(t.db);
  // An upstream whose IAM answers and whose API is down (503).
  upstream = http.createServer((req, res) => {
    if (req.url?.startsWith("/identity/token")) {
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const jwt = `${part({ alg: "HS256", typ: "JWT" })}.${part({ exp, iat: exp - 3600 })}.c2ln`;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: jwt, refresh_token: "r", token_type: "Bearer", expires_in: 3600, expiration: exp }));
      return;
    }
    res.writeHead(503, { "content-type": "application/json" }).end('{"errorCode":"Unavailable","message":"down"}');
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const { port } = upstream.address() as AddressInfo;
  connectionId = (
    await t.db.upstreamConnection.create({
      data: { name: "site-a", kind: "engine", serviceUrl: `http://127.0.0.1:${port}/v2`, iamTokenUrl: `http://127.0.0.1:${port}/identity/token`, tenantId: "t/", apiKeyCiphertext: encryptSecret("k") },
    })
  ).id;
  await t.db.workspace.update({ where: { id: cast.workspaceId }, data: { connectionId } });
  const at = (min: number) => new Date(Date.UTC(2026, 11, 1, 10, min));
  await t.db.runSummary.createMany({
    data: [
      { connectionId, groupId: "g", runId: "1", groupName: "files", status: "Succeeded", startedAt: at(0), endedAt: at(2), bytesRead: 1000n, bytesWritten: 100n },
      { connectionId, groupId: "g", runId: "2", groupName: "files", status: "Failed", startedAt: at(10), endedAt: at(40), bytesRead: 50n, bytesWritten: 0n },
      { connectionId, groupId: "g", runId: "3", groupName: "files", status: "Running", startedAt: at(50) },
    ],
  });
  const now = new Date();
  await t.db.connectorState.createMany({
    data: [
      { connectionId, connectorId: "1", isConnected: true, seenAt: now },
      { connectionId, connectorId: "2", isConnected: false, seenAt: now },
    ],
  });
  await t.db.alert.create({
    data: { workspaceId: cast.workspaceId, condition: "run.failed", subjectKey: "group:g", subject: { kind: "protectionGroup", id: "g", name: "files" }, severity: "critical", message: "m", firstSeenAt: now, lastSeenAt: now },
  });
});
afterAll(async () => {
  await new Promise((r) => upstream?.close(r));
  await t?.close();
});

describe("/api/metrics", () => {
  it("refuses scrapers without the metrics token or an admin API token", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer not-the-token-at-all-000")).status).toBe(401);
    const viewerToken = await cast.caller("viewer").apiToken.create({ name: "viewer-scrape", role: "viewer" });
    expect((await scrape(`Bearer ${viewerToken.token}`)).status).toBe(401);
    const adminToken = await cast.caller("admin").apiToken.create({ name: "admin-scrape", role: "admin" });
    expect((await scrape(`Bearer ${adminToken.token}`)).status).toBe(200);
  });

  it("answers Prometheus text with runs, durations, bytes, agents, alerts and upstream call errors", async () => {
    // One call through the portal's upstream client, to a down upstream: latency and error observed.
    const client = await createUpstreamFor({ db: t.db })({ id: cast.workspaceId, connectionId });
    await expect(client.getProtectionPolicies({ query: {} }, { timeoutMs: 20_000 })).rejects.toMatchObject({ status: 503 });

    const res = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    const families = new Map(parseMetricsText(text).map((f) => [f.name, f]));
    for (const name of families.keys()) expect(name).toMatch(/^lifeboat_/);
    const values = (name: string) => families.get(name)?.metrics.map((m) => [m.labels, m.value]);

    expect(values("lifeboat_runs_total")).toEqual(
      expect.arrayContaining([
        [{ upstream: "site-a", status: "Succeeded" }, "1"],
        [{ upstream: "site-a", status: "Failed" }, "1"],
      ]),
    );
    expect(values("lifeboat_runs_running")).toEqual([[{ upstream: "site-a" }, "1"]]);
    const duration = families.get("lifeboat_run_duration_seconds")!;
    expect(duration.type).toBe("HISTOGRAM");
    // 120 s and 1800 s: one run ≤ 300 s, both ≤ 1800 s (le is "less or equal").
    expect(duration.metrics[0]!.buckets).toMatchObject({ "60": "0", "300": "1", "1800": "2", "+Inf": "2" });
    // (This parser keeps _sum/_count of unlabelled histograms only; read them from the text.)
    expect(text).toContain('lifeboat_run_duration_seconds_count{upstream="site-a"} 2');
    expect(text).toContain('lifeboat_run_duration_seconds_sum{upstream="site-a"} 1920');
    expect(values("lifeboat_backup_bytes_read_total")).toEqual([[{ upstream: "site-a" }, "1050"]]);
    expect(values("lifeboat_backup_bytes_written_total")).toEqual([[{ upstream: "site-a" }, "100"]]);
    expect(values("lifeboat_agents")).toEqual(
      expect.arrayContaining([
        [{ upstream: "site-a", state: "connected" }, "1"],
        [{ upstream: "site-a", state: "disconnected" }, "1"],
      ]),
    );
    expect(values("lifeboat_alerts_open")).toEqual([[{ workspace: expect.stringMatching(/^main-/), severity: "critical" }, "1"]]);
    expect(families.get("lifeboat_upstream_request_duration_seconds")?.type).toBe("HISTOGRAM");
    const errors = families.get("lifeboat_upstream_request_errors_total")?.metrics ?? [];
    expect(errors.find((m) => m.labels?.upstream === "site-a" && m.labels.reason === "http_503")).toBeDefined();
  });
});
