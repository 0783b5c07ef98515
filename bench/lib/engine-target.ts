// The engine + agent column: a real engine process (own database on the PostgreSQL of DATABASE_URL,
// dropped at the end) and a real agent process on this host, everything driven through the REST API
// with @lifeboat/upstream, as a portal or a script would: the data set is a kPhysical source in a
// protection group, a backup is CreateProtectionGroupRun until the run Succeeded, a find is
// SearchIndexedObjects, a download is DownloadIndexedFile streamed to nowhere.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import { createUpstreamClient, type UpstreamClient } from "@lifeboat/upstream";
import { hostRepository } from "../../apps/engine/test/helpers/host-repository.ts";
import { formatBytes } from "./cli.ts";
import { samplePeaks, type Peaks } from "./proc-memory.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ENDED = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed"];
/**
 * Status polls cost the engine CPU that restic would otherwise get (2 cores): poll once a second
 * and take the durations from the engine's own timestamps (run start/end, index task created/ended).
 */
const POLL_MS = 1000;

export interface EngineMeasurement {
  seconds: number;
  bytes?: number;
  /** Peak resident memory during the operation: engine, agent, agent's restic. */
  peaks: Peaks;
  note?: string;
}

export interface SearchFigures {
  query: string;
  iterations: number;
  p50: number;
  p95: number;
  /** Rows on the first page (count ≤ 100) and whether there were more. */
  hits: number;
  more: boolean;
}

export interface TaskTiming {
  type: string;
  /** Created → handed to the agent (long poll). */
  dispatchSeconds: number | undefined;
  /** Handed to the agent → result reported. */
  agentSeconds: number | undefined;
  /** restic backup's own duration (its summary), backups only. */
  resticSeconds: number | undefined;
}

interface Child {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** `node --import tsx <entry>` directly (no tsx wrapper process), so its pid is the one to watch. */
function startNode(entry: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string): Child {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const log = createWriteStream(logFile);
  const keep = (c: Buffer) => {
    log.write(c);
    output = (output + c.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.once("close", () => log.end());
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      // The process group: a restic still running under the agent goes too.
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = POLL_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ""}`);
}

export interface EngineStack {
  name: string;
  api: UpstreamClient;
  engineOutput(): string;
  agentOutput(): string;
  /** One run through CreateProtectionGroupRun until it ended; then waits for its snapshot's index (timed separately). */
  backup(): Promise<{ run: EngineMeasurement; index: EngineMeasurement }>;
  /** SearchIndexedObjects `iterations` times (after one untimed warm-up call). */
  search(query: string, iterations: number): Promise<SearchFigures & { peaks: Peaks }>;
  /** DownloadIndexedFile of `file` in the newest snapshot, streamed to nowhere. */
  download(file: string, range?: { startOffset: number; length: number }): Promise<EngineMeasurement>;
  /**
   * DownloadIndexedFile of the whole `file` through the typed client, which reads it in 8 MiB
   * ranged requests (§Q 6) as the portal does; `note` says how many `restic dump`s the agent ran.
   */
  downloadRanged(file: string): Promise<EngineMeasurement>;
  /** Where a task's time went, from the engine's own task table (operator's view). */
  tasks(): Promise<TaskTiming[]>;
  /** Rows in the engine's file index (all snapshots). */
  indexRows(): Promise<number>;
  /** The host's restic repository (local path + password), for restic on the same repository. */
  repository(): Promise<{ path: string; password: string }>;
  stop(): Promise<void>;
}

/**
 * `agentEnv`: extra agent variables (e.g. AGENT_DOWNLOAD_CACHE_MB=0 to measure without the download cache);
 * `engineEnv`: extra engine variables (e.g. ENGINE_HOST_REPOSITORIES=off for the shared repository).
 */
export async function startEngineStack(opts: { work: string; data: string; agentEnv?: Record<string, string>; engineEnv?: Record<string, string> }): Promise<EngineStack> {
  const db: TestDatabase = await createTestDatabase("bench_engine");
  const dataDir = path.join(opts.work, "engine-data");
  await mkdir(dataDir, { recursive: true });
  const tenantId = "bench/";
  const apiKey = randomBytes(24).toString("base64url");
  // The bench sets the secret so it can open the repository password the engine keeps sealed.
  const engineSecret = randomBytes(32).toString("base64url");
  const children: Child[] = [];
  const stopAll = async () => {
    for (const c of children.reverse()) await c.stop();
    await db.drop();
  };
  try {
    const engine = startNode(path.join(repoRoot, "apps/engine/src/main.ts"), path.join(repoRoot, "apps/engine"), {
      ...process.env,
      ENGINE_DATABASE_URL: db.url,
      ENGINE_PORT: "0",
      ENGINE_HOST: "127.0.0.1",
      ENGINE_DATA_DIR: dataDir,
      ENGINE_SECRET: engineSecret,
      ENGINE_AGENT_PACKAGE_DIR: path.join(dataDir, "no-agent-package"),
      ENGINE_BOOTSTRAP_API_KEY: apiKey,
      ENGINE_BOOTSTRAP_TENANT_ID: tenantId,
      ENGINE_LOG_LEVEL: process.env.ENGINE_LOG_LEVEL ?? "warn",
      ...opts.engineEnv,
    }, path.join(opts.work, "engine.log"));
    children.push(engine);
    const url = await Promise.race([
      waitFor("the engine to listen", async () => /engine listening on (http:\/\/\S+)/.exec(engine.output())?.[1], 120_000, 200),
      engine.exited.then((code) => {
        throw new Error(`engine exited with ${code} before listening:\n${engine.output()}`);
      }),
    ]);
    const api = createUpstreamClient({
      serviceUrl: `${url}/v2`,
      tenantId,
      auth: { type: "iam", apiKey, tokenUrl: `${url}/identity/token` },
      retry: false,
    });

    const hostName = `bench-${process.pid}`;
    const conn = await api.createDataSourceConnection({ body: { connectionName: "bench" } });
    const token = await api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
    const agent = startNode(path.join(repoRoot, "apps/agent/src/main.ts"), repoRoot, {
      ...process.env,
      AGENT_ENGINE_URL: url,
      AGENT_REGISTRATION_TOKEN: token,
      AGENT_STATE_DIR: path.join(opts.work, "agent-state"),
      AGENT_HOME: path.join(opts.work, "agent-home"),
      AGENT_HOST_NAME: hostName,
      // AGENT_RESTIC_CPUS unset: restic uses every core, as the bare restic column does.
      ...opts.agentEnv,
    }, path.join(opts.work, "agent.log"));
    children.push(agent);
    await waitFor(
      "the agent's connector",
      async () => (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
      120_000,
      300,
    );
    const reg = await api.registerProtectionSource({
      body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
    });
    const hostId = reg.sourceId!;
    // Every 12 hours from now: the scheduler starts nothing while the bench runs.
    const policy = await api.createProtectionPolicy({
      body: {
        name: "bench",
        backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } },
      } as never,
    });
    const group = await api.createProtectionGroup({
      body: {
        name: "bench",
        policyId: policy.id!,
        environment: "kPhysical",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: [{ includedPath: opts.data }] }] } },
      },
    });
    const groupId = group.id!;

    const watched = () => [
      { name: "engine", pid: engine.child.pid! },
      { name: "agent", pid: agent.child.pid!, childrenAs: "restic" },
    ];
    const snapshots = async () => (await api.getObjectSnapshots({ pathParams: { id: hostId } })).snapshots ?? [];
    const withDb = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    };

    return {
      name: "engine + agent",
      api,
      engineOutput: engine.output,
      agentOutput: agent.output,

      async backup() {
        const before = (await snapshots()).length;
        const runsBefore = (await api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { numRuns: 1, startTimeUsecs: 0 } })).totalRuns ?? 0;
        const stopRun = await samplePeaks(watched());
        const started = performance.now();
        await api.createProtectionGroupRun({ pathParams: { id: groupId }, body: { runType: "kRegular" } });
        // The newest run of the group; runs before this one have ended (the bench waits for each).
        const run = await waitFor(
          "the run to end",
          async () => {
            const runs = await api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { numRuns: 1, includeObjectDetails: true, startTimeUsecs: 0 } });
            const r = runs.runs?.[0];
            return r && runs.totalRuns === runsBefore + 1 && ENDED.includes(r.localBackupInfo?.status ?? "") ? r : undefined;
          },
          3 * 3600_000,
        );
        const wallSeconds = (performance.now() - started) / 1000;
        const runPeaks = await stopRun();
        const info = run.localBackupInfo!;
        if (info.status !== "Succeeded") {
          throw new Error(`run ${run.id} ended ${info.status}: ${JSON.stringify(run.objects?.map((o) => o.localSnapshotInfo?.snapshotInfo) ?? [])}`);
        }
        const stats = info.localSnapshotStats ?? {};
        if (!info.endTimeUsecs || !info.startTimeUsecs) throw new Error(`run ${run.id} has no start/end time`);
        const runSeconds = (info.endTimeUsecs - info.startTimeUsecs) / 1e6;

        // The index task follows the snapshot; it is not part of the run's time, so it gets its own row.
        const stopIndex = await samplePeaks(watched());
        await waitFor(
          "the snapshot's index",
          async () => {
            const s = await snapshots();
            if (s.some((x) => x.indexingStatus === "Failed")) throw new Error("indexing failed");
            return s.length === before + 1 && s.every((x) => x.indexingStatus === "Done") ? true : undefined;
          },
          3 * 3600_000,
        );
        const indexPeaks = await stopIndex();
        const { rows, indexSeconds } = await withDb(async (c) => {
          const n = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "IndexedFile" WHERE "snapshotId" = (SELECT max(id) FROM "Snapshot")`);
          const t = await c.query<{ s: number }>(`SELECT extract(epoch FROM "endedAt" - "createdAt")::float8 AS s FROM "DataTask" WHERE type = 'index' ORDER BY id DESC LIMIT 1`);
          return { rows: Number(n.rows[0]!.n), indexSeconds: t.rows[0]!.s };
        });
        return {
          run: {
            seconds: runSeconds,
            bytes: stats.bytesRead,
            peaks: runPeaks,
            note: `added ${formatBytes(stats.bytesWritten ?? 0)}, seen ended after ${wallSeconds.toFixed(1)} s`,
          },
          index: { seconds: indexSeconds, peaks: indexPeaks, note: `${rows} rows` },
        };
      },

      async search(query, iterations) {
        const call = () => api.searchIndexedObjects({ body: { objectType: "Files", count: 100, fileParams: { searchString: query } } });
        const first = await call();
        const stop = await samplePeaks(watched());
        const times: number[] = [];
        for (let i = 0; i < iterations; i++) {
          const t = performance.now();
          await call();
          times.push((performance.now() - t) / 1000);
        }
        const peaks = await stop();
        times.sort((a, b) => a - b);
        const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
        return { query, iterations, p50: at(0.5), p95: at(0.95), hits: first.count ?? 0, more: Boolean(first.paginationCookie), peaks };
      },

      async download(file, range) {
        const newest = (await snapshots()).sort((a, b) => (b.snapshotTimestampUsecs ?? 0) - (a.snapshotTimestampUsecs ?? 0))[0];
        if (!newest?.id) throw new Error("no snapshot to download from");
        // One plain HTTP request, not the typed client (which splits a download into 8 MiB ranged
        // requests, §Q 6: that is `downloadRanged`). Without the agent's download cache every range
        // is a new `restic dump` from the file's start — quadratic in the file size (bench/README.md).
        const auth = new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey });
        const tokenRes = await fetch(`${url}/identity/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: auth });
        if (tokenRes.status !== 200) throw new Error(`token exchange failed: HTTP ${tokenRes.status}`);
        const { access_token: token } = (await tokenRes.json()) as { access_token: string };
        const query = new URLSearchParams({ filePath: file, ...(range ? { startOffset: String(range.startOffset), length: String(range.length) } : {}) });
        const stop = await samplePeaks(watched());
        const started = performance.now();
        const res = await fetch(`${url}/v2/data-protect/snapshots/${encodeURIComponent(newest.id)}/download-file?${query}`, {
          headers: { authorization: `Bearer ${token}`, "x-ibm-tenant-id": tenantId },
        });
        if (res.status !== 200 || !res.body) throw new Error(`download-file: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
        let bytes = 0;
        for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
        const seconds = (performance.now() - started) / 1000;
        return { seconds, bytes, peaks: await stop() };
      },

      async downloadRanged(file) {
        const newest = (await snapshots()).sort((a, b) => (b.snapshotTimestampUsecs ?? 0) - (a.snapshotTimestampUsecs ?? 0))[0];
        if (!newest?.id) throw new Error("no snapshot to download from");
        const dumps = () => agent.output().split("\n").filter((l) => l.includes(`restic dump of ${file} `) && /started|not cached/.test(l)).length;
        const dumpsBefore = dumps();
        const stop = await samplePeaks(watched());
        const started = performance.now();
        const stream = await api.downloadIndexedFile({ pathParams: { snapshotsId: newest.id }, query: { filePath: file } }, { timeoutMs: 600_000 });
        let bytes = 0;
        for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
        const seconds = (performance.now() - started) / 1000;
        const n = dumps() - dumpsBefore;
        return { seconds, bytes, peaks: await stop(), note: `${Math.ceil(bytes / (8 * 1024 * 1024))} ranges, ${n} restic dump${n === 1 ? "" : "s"} on the agent` };
      },

      tasks: () =>
        withDb(async (c) => {
          const rows = await c.query<{ type: string; createdAt: Date; deliveredAt: Date | null; endedAt: Date | null; result: { data?: { durationSecs?: number } } | null }>(
            `SELECT type, "createdAt", "deliveredAt", "endedAt", result FROM "DataTask" ORDER BY id`,
          );
          const secs = (a: Date | null, b: Date | null) => (a && b ? (b.getTime() - a.getTime()) / 1000 : undefined);
          return rows.rows.map((r) => ({
            type: r.type,
            dispatchSeconds: secs(r.createdAt, r.deliveredAt),
            agentSeconds: secs(r.deliveredAt, r.endedAt),
            resticSeconds: r.result?.data?.durationSecs,
          }));
        }),

      indexRows: () => withDb(async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "IndexedFile"`)).rows[0]!.n)),

      // The host's own repository (the engine's default storage model), opened as the engine opens it.
      repository: () => hostRepository({ databaseUrl: db.url, dataDir, secret: engineSecret }, hostId),

      async stop() {
        await stopAll();
      },
    };
  } catch (error) {
    const out = children.map((c) => c.output().split("\n").slice(-15).join("\n")).join("\n---\n");
    await stopAll().catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${out}`);
  }
}
