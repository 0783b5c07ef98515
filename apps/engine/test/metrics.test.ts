// GET /metrics of the real engine process: refused without credentials, a tenant's IAM token sees
// its own tenant only, LIFEBOAT_METRICS_TOKEN sees every tenant; the answer is read by a Prometheus
// text-format parser and counts what the engine holds (agents, runs, HTTP requests).
import { parseMetricsText } from "@lifeboat/metrics/parse-text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerHost } from "./helpers/agent-sim.ts";
import { iamToken, startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

const METRICS_TOKEN = "engine-metrics-token-0123456789";
let engine: EngineProcess;

beforeAll(async () => {
  engine = await startEngineProcess({ LIFEBOAT_METRICS_TOKEN: METRICS_TOKEN });
  await engine.addTenant("tenant-b/", "tenant-b-key-0123456789abcdef");
  // One agent in tenant A.
  const client = engine.client();
  const conn = await client.createDataSourceConnection({ body: { connectionName: "metrics-site" } });
  const token = await client.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
  await registerHost(engine.url, token, "metrics-host");
}, 120_000);
afterAll(() => engine?.stop());

const scrape = (authorization?: string, tenantId?: string) =>
  fetch(`${engine.url}/metrics`, { headers: { ...(authorization ? { authorization } : {}), ...(tenantId ? { "X-IBM-Tenant-Id": tenantId } : {}) } });

describe("GET /metrics", () => {
  it("needs the engine's IAM token or the metrics token", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer not-the-metrics-token-000")).status).toBe(401);
  });

  it("answers Prometheus text: agents and runs per tenant, HTTP latencies; an IAM token sees its tenant only", async () => {
    const all = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const families = new Map(parseMetricsText(await all.text()).map((f) => [f.name, f]));
    for (const name of families.keys()) expect(name).toMatch(/^lifeboat_/);
    expect(families.get("lifeboat_agents")?.metrics).toEqual([{ labels: { tenant: "tenant-a/", state: "connected" }, value: "1" }]);
    for (const name of ["lifeboat_runs_total", "lifeboat_runs_running", "lifeboat_run_duration_seconds", "lifeboat_backup_bytes_read_total", "lifeboat_backup_bytes_written_total", "lifeboat_task_queue_depth"]) {
      expect(families.has(name), name).toBe(true);
    }
    const http = families.get("lifeboat_http_request_duration_seconds");
    expect(http?.type).toBe("HISTOGRAM");

    const { access_token } = await iamToken(engine.url, "tenant-b-key-0123456789abcdef");
    // Like every call with an IAM token, the tenant header names the tenant (reference §0.3).
    const b = await scrape(`Bearer ${access_token}`, "tenant-b/");
    expect(b.status).toBe(200);
    const bFamilies = new Map(parseMetricsText(await b.text()).map((f) => [f.name, f]));
    // Tenant B has no agents: tenant A's are not shown to it.
    expect(bFamilies.get("lifeboat_agents")?.metrics ?? []).toEqual([]);
  });
});
