// /healthz and /readyz of the real engine process on its own embedded PostgreSQL: ready once its
// migrations are applied; when the database stops, /readyz answers 503 naming the failed check (never
// the reason, which names hosts) while /healthz still answers; ready again once the database is back.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from "@lifeboat/postgres";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let base: string;
let postgres: EmbeddedPostgresHandle;
let engine: EngineProcess;

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-health-"));
  await fs.chmod(base, 0o711); // the embedded cluster's postgres OS user passes through when root
  postgres = await startEmbeddedPostgres({ dataDir: path.join(base, "pg") });
  const url = withDatabase(postgres.url, "engine_health");
  await ensureDatabase(url);
  engine = await startEngineProcess({ ENGINE_DATABASE_URL: url });
}, 180_000);
afterAll(async () => {
  await engine?.stop().catch(() => {});
  await postgres?.stop();
  await fs.rm(base, { recursive: true, force: true });
});

const get = async (route: string) => {
  const res = await fetch(`${engine.url}${route}`, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

async function until(route: string, status: number) {
  let last = await get(route);
  for (let i = 0; i < 60 && last.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 500));
    last = await get(route);
  }
  return last;
}

describe("engine health", () => {
  it("is ready with its database and migrations, not ready without the database, and ready again after", async () => {
    expect(await get("/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get("/readyz")).toEqual({ status: 200, body: { status: "ready", ready: true, database: "ok", migrations: "ok", pending: [] } });

    await postgres.stop();
    const down = await until("/readyz", 503);
    expect(down).toEqual({ status: 503, body: { status: "not ready", ready: false, database: "unreachable", migrations: "unknown", pending: [] } });
    expect(await get("/healthz")).toEqual({ status: 200, body: { status: "ok" } });

    postgres = await startEmbeddedPostgres({ dataDir: path.join(base, "pg"), port: postgres.port });
    expect((await until("/readyz", 200)).body).toMatchObject({ ready: true });
  }, 180_000);
});
