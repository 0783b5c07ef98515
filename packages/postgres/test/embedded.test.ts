// Slow (initdb + two server starts): the only test of the embedded cluster, on purpose.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../src/index.ts";

let base: string;

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-embedded-test-"));
  await fs.chmod(base, 0o711); // the postgres OS user must pass through when we run as root
});
afterAll(async () => {
  await fs.rm(base, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it("initialises a cluster, keeps its data across a restart and reuses a running server", async () => {
    const dataDir = path.join(base, "pg");
    const first = await startEmbeddedPostgres({ dataDir });
    expect(new URL(first.url).hostname).toBe("127.0.0.1");
    await query(first.url, "create table kept (v text); insert into kept values ('survives restarts')");

    // A second start while the server runs (its owner crashed, say) adopts it instead of
    // failing on the cluster's lock; stop() then stops it.
    const again = await startEmbeddedPostgres({ dataDir });
    expect(again.url).toBe(first.url);
    await again.stop();
    await expect(query(first.url, "select 1")).rejects.toThrow(/ECONNREFUSED/);
    await first.stop(); // stopping a stopped cluster is harmless

    // Restart of the stopped cluster: no re-init error, data intact, password auth enforced.
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, "select v from kept")).toEqual([{ v: "survives restarts" }]);
      const wrong = new URL(second.url);
      wrong.password = "not-the-password";
      await expect(query(wrong.toString(), "select 1")).rejects.toThrow(/password authentication failed/);
      const credentials = await fs.stat(path.join(dataDir, "credentials.json"));
      expect(credentials.mode & 0o777).toBe(0o600);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
