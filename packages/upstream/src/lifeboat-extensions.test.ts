// client.lifeboat.fileVersions against a real HTTP server: the route beside /v2, the query sent,
// the reply parsed; a 404/501 from a non-Lifeboat upstream becomes a plain NotSupported error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamClient, type UpstreamClient } from "./client.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";

let server: RecordingServer;
let client: UpstreamClient;

beforeAll(async () => {
  server = await startRecordingServer();
  client = createUpstreamClient({ serviceUrl: `${server.url}/prefix/v2`, tenantId: "t/", auth: { type: "none" }, retry: false });
});
afterAll(() => server.close());

describe("lifeboat.fileVersions", () => {
  it("calls GET …/lifeboat/v1/file-versions beside /v2 with the tenant header and returns the versions", async () => {
    const versions = [{ snapshotId: "12", snapshotTimestampUsecs: 2000, sizeBytes: 5, mtimeUsecs: 1000, type: "File" }];
    server.setHandler((_req, res) => sendJson(res, 200, { versions }));
    expect(await client.lifeboat.fileVersions({ objectId: 7, path: "/data/a b.txt" })).toEqual(versions);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/prefix/lifeboat/v1/file-versions");
    expect(Object.fromEntries(req.query)).toEqual({ objectId: "7", path: "/data/a b.txt" });
    expect(req.headers["x-ibm-tenant-id"]).toBe("t/");
  });

  it.each([404, 501])("turns a %i from a non-Lifeboat upstream into NotSupported", async (status) => {
    server.setHandler((_req, res) => sendJson(res, status, { errorCode: "NotFound", message: "no such route" }));
    const error = await client.lifeboat.fileVersions({ objectId: 7, path: "/x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 501, code: "NotSupported", message: expect.stringMatching(/this upstream does not list file versions/) });
  });

  it("refuses a bad object id before sending anything", async () => {
    const before = server.requests.length;
    const error = await client.lifeboat.fileVersions({ objectId: "7; drop", path: "/x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "InvalidRequest", message: expect.stringMatching(/objectId must be a numeric object id/) });
    expect(server.requests.length).toBe(before);
  });

  it("rejects a reply that is not a version list", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, { versions: [{ snapshotId: 12 }] }));
    await expect(client.lifeboat.fileVersions({ objectId: 7, path: "/x" })).rejects.toMatchObject({ code: "InvalidResponse" });
  });
});
