// client.lifeboat host-repository extensions against a real HTTP server: the routes beside /v2, the
// bodies sent, the engine's "no repository yet" as null, and NotSupported from a non-Lifeboat upstream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamClient, type UpstreamClient } from "./client.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";

let server: RecordingServer;
let client: UpstreamClient;
const view = {
  repositoryId: "a".repeat(32), sourceId: 12, hostName: "db-01", storage: { kind: "local", path: "/srv/r/hosts/x" },
  createdAt: "2026-01-01T00:00:00.000Z", initialized: true,
  check: { status: "Failed", lastRunAt: "2026-01-02T00:00:00.000Z", message: "pack 1234 not found" },
  reconcile: { orphanSnapshots: [{ id: "ff", time: "2026-01-01T00:00:00.000Z", hostname: "x", tags: [] }], missingSnapshots: [] },
};

beforeAll(async () => {
  server = await startRecordingServer();
  client = createUpstreamClient({ serviceUrl: `${server.url}/prefix/v2`, tenantId: "t/", auth: { type: "none" }, retry: false });
});
afterAll(() => server.close());

describe("lifeboat host repositories", () => {
  it("reads a host's repository with its check and reconcile results", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, view));
    expect(await client.lifeboat.hostRepository(12)).toEqual(view);
    expect(server.requests.at(-1)!.path).toBe("/prefix/lifeboat/v1/sources/12/repository");
  });

  it("answers null before the host's first backup, NotSupported from another upstream", async () => {
    server.setHandler((_req, res) => sendJson(res, 404, { errorCode: "NotFound", message: "source 12 has no repository yet: it is made by the host's first backup" }));
    expect(await client.lifeboat.hostRepository(12)).toBeNull();
    server.setHandler((_req, res) => sendJson(res, 404, { message: "Not Found" }));
    await expect(client.lifeboat.hostRepository(12)).rejects.toMatchObject({ status: 501, code: "NotSupported" });
  });

  it("asks for a check and replaces an agent with the connector id in the body", async () => {
    server.setHandler((_req, res) => sendJson(res, 202, { repositoryId: view.repositoryId, checkRequested: true }));
    await client.lifeboat.checkHostRepository(view.repositoryId);
    expect(server.requests.at(-1)!.path).toBe(`/prefix/lifeboat/v1/repositories/${view.repositoryId}/check`);
    server.setHandler((_req, res) => sendJson(res, 200, { sourceId: 12, connectorId: "9007199254740993", previousConnectorId: "9007199254740995" }));
    const out = await client.lifeboat.replaceAgent(12, "9007199254740993");
    expect(out.connectorId).toBe("9007199254740993");
    const req = server.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(JSON.parse(req.body)).toEqual({ connectorId: "9007199254740993" });
  });
});
