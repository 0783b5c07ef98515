// client.lifeboat.fileVersions and .browse against a real HTTP server: the route beside /v2, the query sent,
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

describe("lifeboat.browse", () => {
  const listing = { path: "/home", entries: [{ name: "ann", type: "directory", mtimeMs: 1000 }, { name: "notes.txt", type: "file", sizeBytes: 5 }], truncated: false };

  it("calls GET …/lifeboat/v1/sources/{id}/browse beside /v2 with the path and returns the listing", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, listing));
    expect(await client.lifeboat.browse({ sourceId: 12, path: "/home" })).toEqual(listing);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/prefix/lifeboat/v1/sources/12/browse");
    expect(Object.fromEntries(req.query)).toEqual({ path: "/home" });
    expect(req.headers["x-ibm-tenant-id"]).toBe("t/");
  });

  it.each([
    [404, { errorCode: "NotFound", message: "no operation at GET /lifeboat/v1/sources/12/browse" }],
    [404, { message: "Not Found" }],
    [501, { errorCode: "NotImplemented", message: "nope" }],
  ])("turns a %i without the engine's own answer into NotSupported", async (status, body) => {
    server.setHandler((_req, res) => sendJson(res, status, body));
    const error = await client.lifeboat.browse({ sourceId: 12, path: "/" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 501, code: "NotSupported", message: expect.stringMatching(/this upstream does not browse a host's folders/) });
  });

  it("keeps the engine's own errors: an unknown source, an offline agent, the agent's reason", async () => {
    server.setHandler((_req, res) => sendJson(res, 404, { errorCode: "NotFound", message: "source 12 was not found" }));
    await expect(client.lifeboat.browse({ sourceId: 12, path: "/" })).rejects.toMatchObject({ status: 404, code: "NotFound", message: "source 12 was not found" });
    server.setHandler((_req, res) => sendJson(res, 400, { errorCode: "InvalidRequest", message: "permission denied: /root" }));
    await expect(client.lifeboat.browse({ sourceId: 12, path: "/root" })).rejects.toMatchObject({ status: 400, message: "permission denied: /root" });
    server.setHandler((_req, res) => sendJson(res, 503, { errorCode: "ServiceUnavailable", message: "the agent on host db-01 is offline" }));
    await expect(client.lifeboat.browse({ sourceId: 12, path: "/" })).rejects.toMatchObject({ status: 503, message: "the agent on host db-01 is offline" });
  });

  it("refuses a relative path or a bad source id before sending anything", async () => {
    const before = server.requests.length;
    await expect(client.lifeboat.browse({ sourceId: 12, path: "home" })).rejects.toMatchObject({ code: "InvalidRequest", message: expect.stringMatching(/path must be an absolute path/) });
    await expect(client.lifeboat.browse({ sourceId: "12/../x", path: "/" })).rejects.toMatchObject({ code: "InvalidRequest", message: expect.stringMatching(/sourceId must be a numeric source id/) });
    expect(server.requests.length).toBe(before);
  });
});

describe("lifeboat.snapshotFolder", () => {
  const page = { path: "/data", items: [{ name: "a.txt", type: "File", sizeBytes: 5, mtimeUsecs: 1_000_000 }, { name: "sub", type: "Directory" }], nextCursor: "c3Vi" };

  it("calls GET …/lifeboat/v1/objects/{id}/snapshots/{id}/files beside /v2 with path, cursor and limit", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, page));
    expect(await client.lifeboat.snapshotFolder({ objectId: 7, snapshotId: "31", path: "/data", cursor: "YQ", limit: 2 })).toEqual(page);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/prefix/lifeboat/v1/objects/7/snapshots/31/files");
    expect(Object.fromEntries(req.query)).toEqual({ path: "/data", cursor: "YQ", limit: "2" });
  });

  it("keeps the engine's own 404 (unknown snapshot, path not in it) as a 404 with its message", async () => {
    server.setHandler((_req, res) => sendJson(res, 404, { errorCode: "NotFound", message: "path /nope is not in snapshot 31" }));
    await expect(client.lifeboat.snapshotFolder({ objectId: 7, snapshotId: "31", path: "/nope" })).rejects.toMatchObject({ status: 404, message: expect.stringContaining("path /nope is not in snapshot 31") });
  });

  it.each([404, 501])("turns a %i from a non-Lifeboat upstream into NotSupported", async (status) => {
    server.setHandler((_req, res) => sendJson(res, status, { errorCode: "NotFound", message: "no such route" }));
    await expect(client.lifeboat.snapshotFolder({ objectId: 7, snapshotId: "31", path: "/" })).rejects.toMatchObject({ status: 501, code: "NotSupported" });
  });

  it("refuses a relative path before sending anything", async () => {
    const before = server.requests.length;
    await expect(client.lifeboat.snapshotFolder({ objectId: 7, snapshotId: "31", path: "data/x" })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/absolute folder path/) });
    expect(server.requests.length).toBe(before);
  });
});
