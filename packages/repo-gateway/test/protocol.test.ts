// The REST backend protocol as restic's rest-server answers it (v1/v2 listings, HEAD, ranged GET,
// POST, DELETE), and every refusal of the append-only policy: a clear status and message, and
// nothing changed on disk. Plain HTTP against a repository that real restic created.
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIME_V2 } from "../src/index.ts";
import { createLocalStorage, makeData, restic, rm, startGateway, tempDir, type TestGateway } from "./gateway-server.ts";

let root: string;
let repo: string;
let gw: TestGateway;
const auth = (user: string) => ({ authorization: `Basic ${Buffer.from(`${user}:pw`).toString("base64")}` });
const url = (p: string) => `${gw.url}/repos/r${p}`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function allFiles(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(repo, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(repo, full), sha(await readFile(full)));
  }
  return out;
}

/** A request whose path is sent byte for byte (fetch would resolve `..` before sending). */
function rawStatus(method: string, p: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${gw.url}/`, { method, path: `/repos/r${p}`, headers: auth("agent") }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

async function firstOf(type: string): Promise<{ name: string; size: number }> {
  const res = await fetch(url(`/${type}/`), { headers: { ...auth("agent"), accept: MIME_V2 } });
  const list = (await res.json()) as { name: string; size: number }[];
  return list[0]!;
}

beforeAll(async () => {
  root = await tempDir("proto");
  repo = path.join(root, "repo");
  await makeData(path.join(root, "data"), 6, 64 * 1024);
  await restic(repo, ["init"], path.join(root, "cache"));
  await restic(repo, ["backup", path.join(root, "data")], path.join(root, "cache"));
  gw = await startGateway({ r: { storage: createLocalStorage(repo), users: { agent: "append", reader: "read" } } });
});
afterAll(async () => {
  await gw?.close();
  await rm(root, { recursive: true, force: true });
});

describe("REST backend protocol", () => {
  it("lists a folder in v1 (names) and v2 (names and sizes) by the Accept header", async () => {
    const v1 = await fetch(url("/data/"), { headers: auth("agent") });
    expect(v1.headers.get("content-type")).toBe("application/vnd.x.restic.rest.v1");
    const names = (await v1.json()) as string[];
    const v2 = await fetch(url("/data/"), { headers: { ...auth("agent"), accept: MIME_V2 } });
    expect(v2.headers.get("content-type")).toBe(MIME_V2);
    const items = (await v2.json()) as { name: string; size: number }[];
    expect(names.length).toBeGreaterThan(0);
    expect(items.map((i) => i.name).sort()).toEqual([...names].sort());
    const onDisk = await readFile(path.join(repo, "data", names[0]!.slice(0, 2), names[0]!));
    expect(items.find((i) => i.name === names[0])?.size).toBe(onDisk.length);
    expect(await (await fetch(url("/locks/"), { headers: auth("agent") })).json()).toEqual([]);
  });

  it("answers HEAD with the size, GET with ranges (206) and 404/416 for what is not there", async () => {
    const pack = await firstOf("data");
    const bytes = await readFile(path.join(repo, "data", pack.name.slice(0, 2), pack.name));
    const head = await fetch(url(`/data/${pack.name}`), { method: "HEAD", headers: auth("agent") });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
    const part = await fetch(url(`/data/${pack.name}`), { headers: { ...auth("agent"), range: "bytes=10-109" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-109/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 110))).toBe(true);
    const tail = await fetch(url(`/data/${pack.name}`), { headers: { ...auth("agent"), range: "bytes=100-" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(100))).toBe(true);
    const whole = await fetch(url(`/data/${pack.name}`), { headers: auth("reader") });
    expect(whole.status).toBe(200);
    expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(pack.name);
    const past = await fetch(url(`/data/${pack.name}`), { headers: { ...auth("agent"), range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
    const missing = await fetch(url(`/data/${"0".repeat(64)}`), { method: "HEAD", headers: auth("agent") });
    expect(missing.status).toBe(404);
    const config = await fetch(url("/config"), { headers: auth("reader") });
    expect(config.status).toBe(200);
  });

  it("stores a new object whose content matches its name, and refuses any other body", async () => {
    const body = randomBytes(4096);
    const name = sha(body);
    const ok = await fetch(url(`/data/${name}`), { method: "POST", headers: auth("agent"), body });
    expect(ok.status).toBe(200);
    expect(await readFile(path.join(repo, "data", name.slice(0, 2), name))).toEqual(body);
    const before = await allFiles();
    const wrong = await fetch(url(`/index/${sha(randomBytes(8))}`), { method: "POST", headers: auth("agent"), body });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()) as object).toMatchObject({ message: expect.stringMatching(/sha256 does not match/) });
    // Nothing was left behind: no object, no temporary file.
    expect(await allFiles()).toEqual(before);
    const entries = await readdir(path.join(repo, "index"));
    expect(entries.some((e) => e.startsWith("."))).toBe(false);
  });

  it("never overwrites or deletes data, index, snapshots, keys or config; deletes locks", async () => {
    const before = await allFiles();
    for (const type of ["data", "index", "snapshots", "keys"]) {
      const { name } = await firstOf(type);
      const del = await fetch(url(`/${type}/${name}`), { method: "DELETE", headers: auth("agent") });
      expect(del.status, type).toBe(403);
      expect(((await del.json()) as { message: string }).message).toMatch(/append-only/);
      const over = await fetch(url(`/${type}/${name}`), { method: "POST", headers: auth("agent"), body: randomBytes(32) });
      expect(over.status, type).toBe(403);
      await over.body?.cancel();
    }
    const delConfig = await fetch(url("/config"), { method: "DELETE", headers: auth("agent") });
    expect(delConfig.status).toBe(403);
    const newKey = randomBytes(64);
    const keyPost = await fetch(url(`/keys/${sha(newKey)}`), { method: "POST", headers: auth("agent"), body: newKey });
    expect(keyPost.status).toBe(403);
    const readerWrite = await fetch(url(`/data/${sha(newKey)}`), { method: "POST", headers: auth("reader"), body: newKey });
    expect(readerWrite.status).toBe(403);
    expect(((await readerWrite.json()) as { message: string }).message).toMatch(/read-only/);
    expect(await allFiles()).toEqual(before);

    const lock = randomBytes(100);
    expect((await fetch(url(`/locks/${sha(lock)}`), { method: "POST", headers: auth("reader"), body: lock })).status).toBe(200);
    expect((await fetch(url(`/locks/${sha(lock)}`), { method: "DELETE", headers: auth("reader") })).status).toBe(200);
    expect((await fetch(url(`/locks/${sha(lock)}`), { method: "DELETE", headers: auth("agent") })).status).toBe(404);
  });

  it("refuses malformed paths, other methods and oversized bodies with 4xx", async () => {
    const before = await allFiles();
    const cases: [string, string, number][] = [
      ["GET", "/data/../config", 400],
      ["GET", "/data/%2e%2e/config", 400],
      ["GET", "/data/abc", 400],
      ["GET", `/data/${"A".repeat(64)}`, 400],
      ["GET", "/secrets/", 404],
      ["GET", `/data/${"0".repeat(64)}/x`, 400],
      ["PUT", "/config", 405],
      ["HEAD", "/data/", 405],
      ["POST", "/?create=true", 403],
    ];
    for (const [method, p, status] of cases) expect(await rawStatus(method, p), `${method} ${p}`).toBe(status);
    // The announced size is refused before a byte is read.
    const big = await fetch(url(`/snapshots/${"1".repeat(64)}`), {
      method: "POST",
      headers: { ...auth("agent"), "content-length": String(9 * 1024 * 1024) },
      body: randomBytes(16),
    }).catch((e: unknown) => e as Error);
    if (!(big instanceof Error)) expect(big.status).toBe(413);
    expect(await allFiles()).toEqual(before);
  });
});
