// The upstream quirks of reference §Q that the client hides or surfaces, each against a real server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUpstreamClient, type UpstreamClient } from "./client.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type Handler, type RecordingServer } from "./testing/recording-server.ts";

const GROUP = "1:2:3";
const CONNECTION = "7465828914523748";
let server: RecordingServer;
let client: UpstreamClient;

async function serve(handler: Handler) {
  server.setHandler(handler);
}

beforeEach(async () => {
  server = await startRecordingServer();
  client = createUpstreamClient({ serviceUrl: `${server.url}/v2`, tenantId: "t/", auth: { type: "none" } });
});
afterEach(async () => {
  await server.close();
});

describe("§Q 3 run creation returns no run id", () => {
  const oldRun = { id: "7:1000", protectionGroupId: GROUP, localBackupInfo: { startTimeUsecs: 1000, status: "Succeeded" } };

  it("createProtectionGroupRunAndWait resolves with the run the call created", async () => {
    let created = false;
    let pollsAfterCreate = 0;
    await serve((req, res) => {
      if (req.method === "POST") {
        created = true;
        return sendJson(res, 202, { protectionGroupId: GROUP });
      }
      // The new run only shows up on the second poll after the create, as a queued run would.
      const newRun = { id: `8:${Date.now() * 1000}`, protectionGroupId: GROUP, localBackupInfo: { startTimeUsecs: Date.now() * 1000, status: "Running" } };
      if (created) pollsAfterCreate++;
      const list = created && pollsAfterCreate >= 2 ? [newRun, oldRun] : [oldRun];
      sendJson(res, 200, { runs: list, totalRuns: list.length });
    });
    const run = await client.createProtectionGroupRunAndWait(GROUP, { runType: "kRegular" }, { pollIntervalMs: 20, timeoutMs: 5_000 });
    expect(run.id).toMatch(/^8:/);
    expect(run.localBackupInfo?.status).toBe("Running");
    const posts = server.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]?.body ?? "")).toEqual({ runType: "kRegular" });
    // Every poll names its window explicitly rather than relying on the default hour (§Q 23).
    expect(server.requests.filter((r) => r.method === "GET").every((r) => r.query.get("startTimeUsecs") !== null)).toBe(true);
  });

  it("gives up with a Timeout error when no new run appears", async () => {
    await serve((req, res) =>
      req.method === "POST" ? sendJson(res, 202, { protectionGroupId: GROUP }) : sendJson(res, 200, { runs: [oldRun], totalRuns: 1 }),
    );
    const error = await client
      .createProtectionGroupRunAndWait(GROUP, { runType: "kRegular" }, { pollIntervalMs: 20, timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 504, code: "Timeout" });
    expect((error as Error).message).toContain(GROUP);
  });
});

describe("§Q 4 PUT runs answers 207 multi-status", () => {
  it("resolves with the successful and failed runs instead of throwing", async () => {
    await serve((_req, res) =>
      sendJson(res, 207, { successfulRunIds: ["1:100"], failedRuns: [{ runId: "2:200", errorMessage: "snapshot on legal hold" }] }),
    );
    const result = await client.updateProtectionGroupRun({
      pathParams: { id: GROUP },
      body: {
        updateProtectionGroupRunParams: [
          { runId: "1:100", localSnapshotConfig: { daysToKeep: 7 } },
          { runId: "2:200", localSnapshotConfig: { daysToKeep: 7 } },
        ],
      },
    });
    expect(result.successfulRunIds).toEqual(["1:100"]);
    expect(result.failedRuns).toEqual([{ runId: "2:200", errorMessage: "snapshot on legal hold" }]);
  });
});

describe("§Q 5 restore points are a read that answers 201", () => {
  it("parses the 201 body", async () => {
    await serve((_req, res) => sendJson(res, 201, { fullSnapshotInfo: [{ restoreInfo: { snapshotId: "s1" } }], timeRangeInfo: {} }));
    const result = await client.getRestorePointsInTimeRange({
      body: { environment: "kPhysical", protectionGroupIds: [GROUP], startTimeUsecs: 1, endTimeUsecs: 2 },
    });
    expect(result.fullSnapshotInfo).toHaveLength(1);
    expect(server.requests[0]?.method).toBe("POST");
  });
});

describe("§Q 8 the registration token is a bare JSON string", () => {
  it("returns the string", async () => {
    await serve((_req, res) => sendJson(res, 200, "reg-token-1"));
    await expect(client.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: CONNECTION } })).resolves.toBe("reg-token-1");
  });

  it("also accepts it sent as plain text", async () => {
    await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end("reg-token-2");
    });
    await expect(client.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: CONNECTION } })).resolves.toBe("reg-token-2");
  });

  it("is not retried: each call may mint a new token", async () => {
    await serve((_req, res) => sendJson(res, 503, { errorCode: "Busy", message: "try later" }));
    await expect(client.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: CONNECTION } })).rejects.toThrow("try later");
    expect(server.requests).toHaveLength(1);
  });
});

describe("§Q 9 there is no GET for one data-source connection", () => {
  it("getDataSourceConnection filters the list by connectionIds", async () => {
    await serve((_req, res) => sendJson(res, 200, { connections: [{ connectionId: CONNECTION, connectionName: "conn-1" }] }));
    const connection = await client.getDataSourceConnection(CONNECTION);
    expect(connection).toMatchObject({ connectionId: CONNECTION, connectionName: "conn-1" });
    expect(server.requests[0]?.path).toBe("/v2/data-source-connections");
    expect(server.requests[0]?.query.get("connectionIds")).toBe(CONNECTION);
  });

  it("throws a 404 UpstreamError when the connection is absent", async () => {
    await serve((_req, res) => sendJson(res, 200, { connections: [] }));
    const error = await client.getDataSourceConnection(CONNECTION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 404, code: "NotFound" });
    expect((error as Error).message).toContain(CONNECTION);
  });
});
