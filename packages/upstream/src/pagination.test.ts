import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUpstreamClient, type UpstreamClient } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";

const GROUP = "1:2:3";
const objects = Array.from({ length: 7 }, (_, i) => ({ id: 100 + i, name: `host-${i}`, environment: "kPhysical" }));
// Seven runs; two share the start time 5_000 so that a page boundary falls between them.
const runTimes = [9_000, 8_000, 7_000, 5_000, 5_000, 3_000, 1_000];
const runs = runTimes.map((t, i) => ({ id: `${i}:${t}`, protectionGroupId: GROUP, localBackupInfo: { startTimeUsecs: t, status: "Succeeded" } }));

let server: RecordingServer;
let client: UpstreamClient;

/** Cookie paging as SearchObjects/SearchIndexedObjects do it: the cookie is the next index. */
function cookiePage(cookie: string | null | undefined, count: number) {
  const start = cookie ? Number(cookie.replace("ck-", "")) : 0;
  const page = objects.slice(start, start + count);
  const nextStart = start + page.length;
  return { page, paginationCookie: nextStart < objects.length ? `ck-${nextStart}` : undefined };
}

beforeEach(async () => {
  server = await startRecordingServer((req, res) => {
    if (req.path === "/v2/data-protect/search/objects") {
      const { page, paginationCookie } = cookiePage(req.query.get("paginationCookie"), Number(req.query.get("count")));
      return sendJson(res, 200, { objects: page, paginationCookie, count: objects.length });
    }
    if (req.path === "/v2/data-protect/search/indexed-objects") {
      const body = JSON.parse(req.body) as { paginationCookie?: string; count: number };
      const { page, paginationCookie } = cookiePage(body.paginationCookie, body.count);
      return sendJson(res, 200, { objectType: "Files", emails: [], files: page.map((o) => ({ name: o.name })), paginationCookie });
    }
    if (req.path === "/v2/data-protect/search/protected-objects") {
      return sendJson(res, 200, { objects, numResults: objects.length });
    }
    if (req.path === `/v2/data-protect/protection-groups/${GROUP}/runs`) {
      // Like the service: window [startTimeUsecs, endTimeUsecs] (default: the last hour), newest first, numRuns cap.
      const end = Number(req.query.get("endTimeUsecs") ?? Date.now() * 1000);
      const start = Number(req.query.get("startTimeUsecs") ?? end - 3_600_000_000);
      const inWindow = runs.filter((r) => r.localBackupInfo.startTimeUsecs >= start && r.localBackupInfo.startTimeUsecs <= end);
      return sendJson(res, 200, { runs: inWindow.slice(0, Number(req.query.get("numRuns") ?? 100)), totalRuns: inWindow.length });
    }
    sendJson(res, 404, { errorCode: "NotFound", message: req.path });
  });
  client = createUpstreamClient({ serviceUrl: `${server.url}/v2`, tenantId: "t/", auth: { type: "none" } });
});
afterEach(async () => {
  await server.close();
});

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe("paginationCookie listings", () => {
  it("pages SearchObjects with opaque cursors wrapping the cookie", async () => {
    const first = await client.searchObjectsPage({ searchString: "host*" }, { limit: 3 });
    expect(first.items.map((o) => o.id)).toEqual([100, 101, 102]);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await client.searchObjectsPage({ searchString: "host*" }, { cursor: first.nextCursor, limit: 3 });
    expect(second.items.map((o) => o.id)).toEqual([103, 104, 105]);
    expect(server.requests[0]?.query.get("paginationCookie")).toBeNull();
    expect(server.requests[1]?.query.get("paginationCookie")).toBe("ck-3");
    expect(server.requests[1]?.query.get("searchString")).toBe("host*");
  });

  it("iterates SearchObjects to the end", async () => {
    const all = await collect(client.iterateSearchObjects({}, { pageSize: 3 }));
    expect(all.map((o) => o.id)).toEqual(objects.map((o) => o.id));
    expect(server.requests).toHaveLength(3);
  });

  it("iterates SearchIndexedObjects with the cookie in the body, reading the populated array", async () => {
    const all = await collect(client.iterateSearchIndexedObjects({ objectType: "Files", fileParams: { searchString: "host*" } }, { pageSize: 4 }));
    expect(all.map((f) => f.name)).toEqual(objects.map((o) => o.name));
    expect(JSON.parse(server.requests[1]?.body ?? "{}")).toMatchObject({ paginationCookie: "ck-4", count: 4, objectType: "Files" });
  });
});

describe("protected objects", () => {
  it("slices the full list by an offset cursor", async () => {
    const first = await client.protectedObjectsPage({ subResultSize: 1 }, { limit: 5 });
    expect(first.items).toHaveLength(5);
    const second = await client.protectedObjectsPage({ subResultSize: 1 }, { cursor: first.nextCursor, limit: 5 });
    expect(second.items.map((o) => o.id)).toEqual([105, 106]);
    expect(second.nextCursor).toBeNull();
    expect(server.requests[0]?.query.get("subResultSize")).toBe("1");
  });
});

describe("protection group runs", () => {
  it("walks the whole history backwards, newest first, without losing runs that share a start time", async () => {
    const all = await collect(client.iterateProtectionGroupRuns(GROUP, {}, { pageSize: 4 }));
    expect(all.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    // Not the service's default one-hour window (§Q 23): an explicit start is always sent.
    expect(server.requests.every((r) => r.query.get("startTimeUsecs") === "1")).toBe(true);
    expect(server.requests[1]?.query.get("endTimeUsecs")).toBe("5000");
  });

  it("returns pages of at most limit runs with a cursor until the window is exhausted", async () => {
    const first = await client.protectionGroupRunsPage(GROUP, {}, { limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(["0:9000", "1:8000"]);
    const state = decodeCursor("protectionGroupRuns", first.nextCursor);
    expect(state).toMatchObject({ e: 8000, s: ["1:8000"] });
    let page = first;
    const seen = [...first.items];
    while (page.nextCursor) {
      page = await client.protectionGroupRunsPage(GROUP, {}, { cursor: page.nextCursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
    }
    expect(seen.map((r) => r.id)).toEqual(runs.map((r) => r.id));
  });
});

describe("cursors", () => {
  it("refuses a malformed cursor and a cursor of another listing", async () => {
    const bad = await client.searchObjectsPage({}, { cursor: "not a cursor!" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(UpstreamError);
    expect(bad).toMatchObject({ status: 400, code: "InvalidCursor" });
    const foreign = encodeCursor("protectionGroupRuns", { e: 1, s: [] });
    const wrong = await client.searchObjectsPage({}, { cursor: foreign }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "InvalidCursor" });
    expect((wrong as Error).message).toContain("searchObjects");
    expect(server.requests).toHaveLength(0);
  });
});
