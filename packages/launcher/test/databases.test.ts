// The embedded PostgreSQL of `npm start` with a real cluster: it keeps its port across starts of
// the launcher (stored in <dataDir>/postgres/port), and a server killed with SIGKILL is started
// again on that same port, so the URLs the engine and the portal hold stay right.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "@lifeboat/postgres";
import { openDatabases, type StackDatabases } from "../src/databases.ts";

let base: string;
const opened: StackDatabases[] = [];

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-launcher-db-"));
  await fs.chmod(base, 0o711); // the embedded cluster's postgres OS user passes through when root
});
afterAll(async () => {
  for (const databases of opened) await databases.stop();
  await fs.rm(base, { recursive: true, force: true });
});

/** Connects to the database of `url` (it exists: nothing is created); throws when the server does not answer. */
async function query(url: string): Promise<number> {
  await ensureDatabase(url);
  return 1;
}

describe("embedded PostgreSQL", () => {
  it("keeps its port across starts and is restarted on the same port after kill -9", async () => {
    const dataDir = path.join(base, "data");
    const lines: string[] = [];
    const first = await openDatabases({ dataDir, log: (line) => lines.push(line), restartPolicy: { initialDelayMs: 500 } });
    opened.push(first);
    const port = new URL(first.portalUrl).port;
    expect(await fs.readFile(path.join(dataDir, "postgres", "port"), "utf8")).toBe(`${port}\n`);
    expect(await query(first.portalUrl)).toBe(1);

    const pid = first.server!.pid!;
    process.kill(pid, "SIGKILL");
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (first.server!.pid === pid || !(await query(first.portalUrl).then(() => true, () => false)))) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(first.server!.pid).not.toBe(pid);
    expect(await query(first.engineUrl)).toBe(1); // same URL, same port
    expect(lines.join("\n")).toMatch(/!!! lifeboat: the embedded PostgreSQL stopped \(its server process is gone; see .*server\.log\); restarting it in 0\.5 s/);
    expect(lines.join("\n")).toContain("lifeboat: the embedded PostgreSQL is running again");

    await first.stop();
    opened.length = 0;
    await expect(query(first.portalUrl)).rejects.toThrow();

    // The next start of the launcher: the same port, so the same URLs.
    const second = await openDatabases({ dataDir, log: (line) => lines.push(line) });
    opened.push(second);
    expect(second.portalUrl).toBe(first.portalUrl);
    expect(await query(second.portalUrl)).toBe(1);
  }, 180_000);
});
