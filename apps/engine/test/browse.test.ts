// Browsing a registered host's folders (GET /lifeboat/v1/sources/{id}/browse, a Lifeboat extension)
// against the real engine and a real agent process listing a real temporary folder of this machine:
// entries and their order, the 1000-entry cap, the agent's reasons for a bad path, tenancy, a second
// engine process on the same database answering a browse whose agent polls the first one, no
// command rows left behind, and a clear 503 naming the host once its agent is gone.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createUpstreamClient, type UpstreamClient } from "@lifeboat/upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentProcess, waitFor, type AgentProcess } from "./helpers/agent-process.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let engine: EngineProcess;
let agent: AgentProcess;
let peer: { url: string; stop(): Promise<void> } | undefined;
let tmp: string;
let tree: string;
let api: UpstreamClient;
let hostId: number;
const hostName = `browse-host-${process.pid}`;

const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a rejection"); }, (e: unknown) => e as { status: number; message: string });

async function listingRows(): Promise<number> {
  const client = new pg.Client({ connectionString: engine.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) FROM "AgentCommand" WHERE type = 'listDirectory'`)).rows[0].count);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-browse-"));
  tree = path.join(tmp, "tree");
  await mkdir(path.join(tree, "zeta"), { recursive: true });
  await mkdir(path.join(tree, "Alpha"));
  await mkdir(path.join(tree, "many"));
  await writeFile(path.join(tree, "notes.txt"), "hello");
  await writeFile(path.join(tree, "a.bin"), Buffer.alloc(4096));
  await symlink("/etc", path.join(tree, "etc-link"));
  await Promise.all(Array.from({ length: 1005 }, (_, i) => writeFile(path.join(tree, "many", `f${String(i).padStart(4, "0")}`), "")));

  engine = await startEngineProcess({ ENGINE_AGENT_OFFLINE_SECS: "5" });
  api = engine.client();
  const conn = await api.createDataSourceConnection({ body: { connectionName: "browse" } });
  const regToken = await api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
  agent = startAgentProcess({
    AGENT_ENGINE_URL: engine.url,
    AGENT_REGISTRATION_TOKEN: regToken,
    AGENT_STATE_DIR: path.join(tmp, "agent-state"),
    AGENT_HOME: path.join(tmp, "agent-home"),
    AGENT_HOST_NAME: hostName,
  });
  await waitFor("the agent's connector", async () =>
    (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
  );
  const reg = await api.registerProtectionSource({
    body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
  });
  hostId = reg.sourceId!;
}, 180_000);
afterAll(async () => {
  await peer?.stop();
  await agent?.stop();
  await engine?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("browsing a host's folders through its agent", () => {
  it("lists one folder: directories first, then by name, with types, sizes and times", { timeout: 30_000 }, async () => {
    const started = Date.now();
    const listing = await api.lifeboat.browse({ sourceId: hostId, path: tree });
    const tookMs = Date.now() - started;
    expect(listing.path).toBe(tree);
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => [e.name, e.type, e.sizeBytes])).toEqual([
      ["Alpha", "directory", undefined],
      ["many", "directory", undefined],
      ["zeta", "directory", undefined],
      ["a.bin", "file", 4096],
      ["etc-link", "symlink", undefined], // a link is reported, never followed
      ["notes.txt", "file", 5],
    ]);
    expect(listing.entries.every((e) => typeof e.mtimeMs === "number" && Math.abs(e.mtimeMs - Date.now()) < 600_000)).toBe(true);
    // The long poll is woken at once: no waiting for a heartbeat interval.
    expect(tookMs).toBeLessThan(5000);
    // One level only: the next level is another browse.
    expect((await api.lifeboat.browse({ sourceId: hostId, path: path.join(tree, "zeta") })).entries).toEqual([]);
    expect(await listingRows()).toBe(0);
  });

  it("caps a big folder at 1000 entries and says it is truncated", { timeout: 30_000 }, async () => {
    const listing = await api.lifeboat.browse({ sourceId: hostId, path: path.join(tree, "many") });
    expect(listing.entries).toHaveLength(1000);
    expect(listing.truncated).toBe(true);
  });

  it("answers a bad path with the reason, naming it", { timeout: 30_000 }, async () => {
    const missing = await errorOf(api.lifeboat.browse({ sourceId: hostId, path: path.join(tree, "missing") }));
    expect(missing).toMatchObject({ status: 400, message: `no such directory: ${tree}/missing` });
    const file = await errorOf(api.lifeboat.browse({ sourceId: hostId, path: path.join(tree, "notes.txt") }));
    expect(file).toMatchObject({ status: 400, message: `not a directory: ${tree}/notes.txt` });
    const link = await errorOf(api.lifeboat.browse({ sourceId: hostId, path: path.join(tree, "etc-link") }));
    expect(link).toMatchObject({ status: 400, message: `not listed: ${tree}/etc-link is or goes through a symbolic link (to /etc)` });
    // Refused by the engine before any agent is asked.
    const dotdot = await errorOf(api.lifeboat.browse({ sourceId: hostId, path: `${tree}/zeta/../Alpha` }));
    expect(dotdot).toMatchObject({ status: 400, message: expect.stringContaining(`path: must not contain ".."`) });
    expect(await listingRows()).toBe(0);
  });

  it("is tenant-scoped: an unknown source or another tenant's is not found", { timeout: 30_000 }, async () => {
    const unknown = await errorOf(api.lifeboat.browse({ sourceId: 987654, path: "/" }));
    expect(unknown).toMatchObject({ status: 404, message: "source 987654 was not found" });
    await engine.addTenant("tenant-b/", "test-key-b-browse-0123456789");
    const other = await errorOf(engine.client("tenant-b/", "test-key-b-browse-0123456789").lifeboat.browse({ sourceId: hostId, path: "/" }));
    expect(other).toMatchObject({ status: 404, message: `source ${hostId} was not found` });
  });

  it("is answered by another engine process on the same database", { timeout: 60_000 }, async () => {
    peer = await engine.startPeer();
    const peerApi = createUpstreamClient({
      serviceUrl: `${peer.url}/v2`,
      tenantId: engine.bootstrap.tenantId,
      auth: { type: "iam", apiKey: engine.bootstrap.apiKey, tokenUrl: `${peer.url}/identity/token` },
      retry: false,
    });
    // The agent keeps polling the first engine; the peer queues the command in the shared database
    // and reads the result the agent posted to the first one.
    const listing = await peerApi.lifeboat.browse({ sourceId: hostId, path: tree });
    expect(listing.entries.map((e) => e.name)).toContain("notes.txt");
    expect(await listingRows()).toBe(0);
  });

  it("says the host's agent is offline once it stopped", { timeout: 60_000 }, async () => {
    await agent.stop();
    await waitFor("the connector shown disconnected", async () => {
      const { connectors = [] } = await api.getDataSourceConnectors({});
      return connectors.some((c) => c.connectivityStatus?.isConnected) ? undefined : true;
    }, 30_000);
    const error = await errorOf(api.lifeboat.browse({ sourceId: hostId, path: tree }));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(new RegExp(`^the agent on host ${hostName} is offline \\(no heartbeat since .+\\); start it and try again$`));
  });
});
