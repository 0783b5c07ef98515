// A whole Lifeboat data path of real processes that a fault can be done to: an embedded PostgreSQL
// of its own (so it can be killed -9 without touching the machine's server), the real engine process
// on a fixed port (a restarted engine is found again by the agent at the same URL), and the real
// agent process in its own process group (a kill -9 takes its restic down with it, as a host crash
// would). restic runs through a small wrapper that can slow restic's repository traffic (so a
// fault lands mid-transfer on any machine) or make a `restore` hang like a restic stuck writing to
// a dead mount. Everything is driven through the REST API with @lifeboat/upstream; the repository is
// checked with restic itself. Used by test/faults/*.test.ts and bench/faults.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ensureDatabase, findFreePort, startEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from "@lifeboat/postgres";
import { createUpstreamClient, type UpstreamClient } from "@lifeboat/upstream";
import { hostRepository, type HostRepository } from "../helpers/host-repository.ts";

const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(engineDir, "../..");

export const ENDED = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed"];

/** Polls `probe` until it returns something other than undefined; errors count as "not yet". */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
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
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ""}`);
}

/** A child process we started, stopped or killed by its own id only. */
class Child {
  private out = "";
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    log: WriteStream,
  ) {
    const keep = (c: Buffer) => {
      log.write(c);
      this.out = (this.out + c.toString()).slice(-200_000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }
  output = () => this.out;
  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  /** SIGKILL of the process group: the process and whatever it started (restic) die at once. */
  async kill9() {
    if (!this.alive) return;
    process.kill(-this.child.pid!, "SIGKILL");
    await this.exited;
  }
  async stop() {
    if (!this.alive) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.alive && process.kill(-this.child.pid!, "SIGKILL"), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function startNode(name: string, entry: string, cwd: string, env: NodeJS.ProcessEnv, logDir: string): Child {
  // `node --import tsx` directly (no tsx wrapper process), in its own process group.
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  return new Child(name, child, createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" }));
}

/** Pids of the processes whose parent is `ppid` (from /proc). */
async function childPids(ppid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid …: comm may hold spaces, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === ppid) pids.push(Number(name));
  }
  return pids;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface FaultStackOptions {
  name: string;
  /** Extra engine variables (timeouts). */
  engineEnv?: Record<string, string>;
  agentEnv?: Record<string, string>;
}

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

export async function startFaultStack(opts: FaultStackOptions) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `lifeboat-faults-${opts.name}-`));
  // Run as root, the embedded PostgreSQL is the `postgres` OS user: it must pass through (not list).
  await chmod(tmp, 0o711);
  const logDir = path.join(tmp, "logs");
  await mkdir(logDir);
  const engineSecret = randomBytes(32).toString("base64url");
  const tenantId = "faults/";
  const apiKey = `fault-key-${createHash("sha256").update(tmp).digest("hex")}`;

  // PostgreSQL of its own, on a port that stays the same across kills.
  const pgDir = path.join(tmp, "postgres");
  const pgPort = await findFreePort();
  let postgres: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  const databaseUrl = withDatabase(postgres.url, "lifeboat_engine");
  await ensureDatabase(databaseUrl);

  // restic through a wrapper: `restic-flags` adds global flags (rate limits) while it exists, and
  // `restic-hang-restore` makes `restore` ignore SIGINT/SIGTERM and never return (a restic stuck on
  // a hung target: only SIGKILL ends it).
  const resticWrapper = path.join(tmp, "restic");
  const flagsFile = path.join(tmp, "restic-flags");
  const hangFile = path.join(tmp, "restic-hang-restore");
  await writeFile(
    resticWrapper,
    [
      "#!/bin/sh",
      `flags=$(cat '${flagsFile}' 2>/dev/null)`,
      `for a in "$@"; do if [ "$a" = restore ] && [ -e '${hangFile}' ]; then trap '' INT TERM; exec sleep 86400; fi; done`,
      `exec restic $flags "$@"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );

  const enginePort = await findFreePort();
  const engineUrl = `http://127.0.0.1:${enginePort}`;
  const engineData = path.join(tmp, "engine-data");
  const engineEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ENGINE_DATABASE_URL: databaseUrl,
    ENGINE_PORT: String(enginePort),
    ENGINE_HOST: "127.0.0.1",
    ENGINE_DATA_DIR: engineData,
    ENGINE_SECRET: engineSecret,
    ENGINE_AGENT_PACKAGE_DIR: path.join(tmp, "no-agent-package"),
    ENGINE_BOOTSTRAP_API_KEY: apiKey,
    ENGINE_BOOTSTRAP_TENANT_ID: tenantId,
    ENGINE_HEARTBEAT_INTERVAL_SECS: "1",
    ENGINE_SCHEDULER_INTERVAL_SECS: "1",
    ENGINE_AGENT_OFFLINE_SECS: "5",
    ENGINE_TASK_TIMEOUT_SECS: "20",
    ENGINE_TASK_DELIVERY_TIMEOUT_SECS: "10",
    ENGINE_LOG_LEVEL: "warn",
    ...opts.engineEnv,
  };
  let engine: Child | null = null;
  const engineOutputs: string[] = [];
  async function startEngine() {
    const child = startNode("engine", path.join(engineDir, "src/main.ts"), engineDir, engineEnv, logDir);
    engine = child;
    await Promise.race([
      until("the engine to listen", async () => (child.output().includes("engine listening on") ? true : undefined), 120_000, 200),
      child.exited.then((code) => {
        throw new Error(`engine exited with ${code} before listening:\n${child.output()}`);
      }),
    ]);
  }
  await startEngine();

  const api: UpstreamClient = createUpstreamClient({
    serviceUrl: `${engineUrl}/v2`,
    tenantId,
    auth: { type: "iam", apiKey, tokenUrl: `${engineUrl}/identity/token` },
    retry: false,
  });

  const hostName = `faults-${opts.name}-${process.pid}`;
  const conn = await api.createDataSourceConnection({ body: { connectionName: opts.name } });
  const token = await api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
  const agentEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AGENT_ENGINE_URL: engineUrl,
    AGENT_REGISTRATION_TOKEN: token,
    AGENT_STATE_DIR: path.join(tmp, "agent-state"),
    AGENT_HOME: path.join(tmp, "agent-home"),
    AGENT_HOST_NAME: hostName,
    AGENT_RESTIC_BIN: resticWrapper,
    AGENT_RESTIC_CPUS: "1",
    ...opts.agentEnv,
  };
  let agent: Child | null = null;
  const startAgent = async () => {
    agent = startNode("agent", path.join(repoRoot, "apps/agent/src/main.ts"), repoRoot, agentEnv, logDir);
  };
  await startAgent();
  await until(
    "the agent's connector",
    async () => (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
    120_000,
  );
  const reg = await api.registerProtectionSource({
    body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
  });
  const hostId = reg.sourceId!;
  const policy = await api.createProtectionPolicy({
    body: {
      name: "faults",
      // Every 12 hours from now: nothing runs on its own while a fault is tested.
      backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } },
    } as never,
  });

  async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async function restic(args: string[], allowFail = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const repo = await stack.repository();
    const child = spawn("restic", args, { env: { ...process.env, RESTIC_REPOSITORY: repo.path, RESTIC_PASSWORD: repo.password, RESTIC_CACHE_DIR: path.join(tmp, "check-cache") }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    if (code !== 0 && !allowFail) throw new Error(`restic ${args[0]} exited with ${code}: ${stderr.slice(-2000)}`);
    return { code, stdout, stderr };
  }

  const stack = {
    name: opts.name,
    tmp,
    api,
    hostId,
    hostName,
    engineUrl,
    policyId: policy.id!,
    tenantId,
    /** An IAM access token of the stack's API key (for raw requests). */
    async accessToken(): Promise<string> {
      const res = await fetch(`${engineUrl}/identity/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey }),
      });
      if (res.status !== 200) throw new Error(`token exchange answered ${res.status}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    get engineAlive() {
      return engine?.alive ?? false;
    },
    engineOutput: () => [...engineOutputs, engine?.output() ?? ""].join("\n--- engine restarted ---\n"),
    agentOutput: () => agent?.output() ?? "",

    /** A kFile protection group of this host over `includedPath`. */
    async createGroup(name: string, includedPath: string): Promise<string> {
      const group = await api.createProtectionGroup({
        body: {
          name,
          policyId: policy.id!,
          environment: "kPhysical",
          physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: hostId, filePaths: [{ includedPath }] }] } },
        },
      });
      return group.id!;
    },

    /** Slows restic's repository traffic (KiB/s each way) until `throttle(null)`. */
    async throttle(kib: number | null) {
      if (kib === null) await rm(flagsFile, { force: true });
      else await writeFile(flagsFile, `--limit-upload ${kib} --limit-download ${kib}`);
    },
    /** While on, every restic `restore` hangs and ignores SIGINT/SIGTERM. */
    async hangRestores(on: boolean) {
      if (on) await writeFile(hangFile, "");
      else await rm(hangFile, { force: true });
    },

    async killEngine() {
      engineOutputs.push(engine?.output() ?? "");
      await engine?.kill9();
    },
    startEngine,
    async killAgent() {
      await agent?.kill9();
    },
    startAgent,
    /** kill -9 of the postmaster and every backend it started, as an OOM kill of the server. */
    async killPostgres() {
      const pidFile = await readFile(path.join(pgDir, "cluster", "postmaster.pid"), "utf8");
      const postmaster = Number(pidFile.split("\n")[0]);
      const pids = [postmaster, ...(await childPids(postmaster))];
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      // The server cannot start again while any of its processes still holds the shared memory.
      await until("the killed PostgreSQL processes to be gone", async () => (pids.some(isAlive) ? undefined : true), 30_000, 100);
      postgres = null;
    },
    async startPostgres() {
      postgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    },

    /** The host's own repository (local path, password opened with the engine's secret). */
    repository: (): Promise<HostRepository> => hostRepository({ databaseUrl, dataDir: engineData, secret: engineSecret }, hostId),
    /** `restic check`: ok when restic finds no error (a stale lock of a killed restic is removed first). */
    async resticCheck(): Promise<{ ok: boolean; output: string }> {
      await restic(["unlock"], true);
      const r = await restic(["check"], true);
      return { ok: r.code === 0, output: `${r.stdout}\n${r.stderr}`.trim() };
    },
    /** Short ids of the snapshots in the repository. */
    async repositorySnapshots(): Promise<string[]> {
      const r = await restic(["snapshots", "--json", "--no-lock"]);
      return (JSON.parse(r.stdout || "[]") as { short_id: string }[]).map((s) => s.short_id);
    },
    /** Every snapshot the engine lists (not forgotten), with its run's status. */
    async engineSnapshots(): Promise<{ resticId: string; runStatus: string }[]> {
      return withDb(async (c) =>
        (
          await c.query<{ resticId: string; runStatus: string }>(
            `SELECT s."resticSnapshotId" AS "resticId", r.status AS "runStatus" FROM "Snapshot" s JOIN "ProtectionRun" r ON r.id = s."runId" WHERE s."forgottenAt" IS NULL`,
          )
        ).rows,
      );
    },
    /** Runs that ended Succeeded(WithWarning) without a snapshot row: they would promise data that is not listed. */
    async succeededRunsWithoutSnapshot(): Promise<number> {
      return withDb(async (c) =>
        Number(
          (
            await c.query<{ n: string }>(
              `SELECT count(*) AS n FROM "ProtectionRun" r WHERE r.status IN ('Succeeded','SucceededWithWarning') AND NOT EXISTS (SELECT 1 FROM "Snapshot" s WHERE s."runId" = r.id)`,
            )
          ).rows[0]!.n,
        ),
      );
    },
    withDb,

    /** The newest run of a group once `done(status)` holds. */
    async waitRun(groupId: string, done: (status: string) => boolean, timeoutMs: number) {
      return until(`a run of group ${groupId}`, async () => {
        const runs = await api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { numRuns: 1, includeObjectDetails: true, startTimeUsecs: 0 } });
        const run = runs.runs?.[0];
        return run && done(run.localBackupInfo?.status ?? "") ? run : undefined;
      }, timeoutMs, 300);
    },
    async waitRecovery(id: string, done: (status: string) => boolean, timeoutMs: number) {
      return until(`recovery ${id}`, async () => {
        const r = await api.getRecoveryByID({ pathParams: { id } });
        return done(r.status ?? "") ? r : undefined;
      }, timeoutMs, 300);
    },
    /** The engine answers its API (a real read through the database). */
    async serving(timeoutMs = 60_000) {
      return until("the engine to serve", async () => (await api.getProtectionPolicies({ query: {} })).policies?.length ? true : undefined, timeoutMs, 300);
    },

    async stop() {
      await agent?.stop();
      await engine?.stop();
      await postgres?.stop().catch(() => undefined);
      if (!postgres) await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort }).then((p) => p.stop()).catch(() => undefined);
      await rm(tmp, { recursive: true, force: true });
    },
  };
  return stack;
}
