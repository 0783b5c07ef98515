// Where the portal and engine databases live: the server of DATABASE_URL, or an embedded cluster
// under <dataDir>/postgres. The engine gets its own database on the same server, named after the
// portal's (`lifeboat` → `lifeboat_engine`), unless ENGINE_DATABASE_URL names one.
//
// The embedded server keeps its port across starts (<dataDir>/postgres/port), so the URLs the
// engine and the portal hold stay right, and it is supervised: a server that dies is started again
// on the same port (the engine's and the portal's connections then reconnect by themselves).
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { databaseName, ensureDatabase, findFreePort, startEmbeddedPostgres, withDatabase } from "@lifeboat/postgres";
import type { Child, ChildExit } from "./children.ts";
import { supervise, type RestartPolicy, type Supervised } from "./supervisor.ts";

export const EMBEDDED_PORTAL_DATABASE = "lifeboat";
const NAME = "embedded PostgreSQL";

export interface StackDatabases {
  portalUrl: string;
  engineUrl: string;
  embedded: boolean;
  /** The supervised embedded server (null with DATABASE_URL). */
  server: Supervised | null;
  stop(): Promise<void>;
}

export interface OpenDatabasesOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  engineDatabaseUrl?: string | undefined;
  log?: ((line: string) => void) | undefined;
  /** Restart policy of the embedded server (tests shorten it). */
  restartPolicy?: Partial<RestartPolicy> | undefined;
  /** Restarting the embedded server gave up. */
  onGiveUp?: ((message: string) => void) | undefined;
  onUnexpectedExit?: ((exit: ChildExit) => void) | undefined;
}

export async function openDatabases(options: OpenDatabasesOptions): Promise<StackDatabases> {
  let portalUrl: string;
  let stop = async () => {};
  let server: Supervised | null = null;
  if (options.databaseUrl) {
    portalUrl = options.databaseUrl;
  } else {
    const log = options.log ?? ((line: string) => console.log(line));
    const pgDir = path.join(options.dataDir, "postgres");
    const port = await embeddedPort(pgDir, log);
    let url = "";
    server = await supervise({
      name: NAME,
      log,
      policy: options.restartPolicy,
      onGiveUp: options.onGiveUp,
      onUnexpectedExit: options.onUnexpectedExit,
      describeExit: () => `stopped (its server process is gone; see ${path.join(pgDir, "cluster", "server.log")})`,
      start: async () => {
        const handle = await startEmbeddedPostgres({ dataDir: pgDir, port });
        url = handle.url;
        // An adopted server (left running by a killed launcher) may listen elsewhere: keep its port.
        if (handle.port !== port) await savePort(pgDir, handle.port);
        return watchServer(path.join(pgDir, "cluster"), handle.stop);
      },
    });
    portalUrl = withDatabase(url, EMBEDDED_PORTAL_DATABASE);
    const supervised = server;
    stop = async () => {
      await supervised.stop();
    };
  }
  try {
    const engineUrl = options.engineDatabaseUrl || withDatabase(portalUrl, `${databaseName(portalUrl)}_engine`);
    await ensureDatabase(portalUrl);
    await ensureDatabase(engineUrl).catch((error: Error) => {
      throw new Error(
        `could not create the engine database ${databaseName(engineUrl)} (${error.message}): create it, or set ENGINE_DATABASE_URL to an existing one`,
      );
    });
    return { portalUrl, engineUrl, embedded: !options.databaseUrl, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port stored in <pgDir>/port when it is still free, else a new free one (stored). */
export async function embeddedPort(pgDir: string, log: (line: string) => void): Promise<number> {
  const file = path.join(pgDir, "port");
  const stored = Number.parseInt(await fs.readFile(file, "utf8").catch(() => ""), 10);
  if (Number.isInteger(stored) && stored > 0 && stored < 65536) {
    // A server of ours still running on it (adopted at start) holds the port too: that is fine.
    if ((await portIsFree(stored)) || (await clusterIsRunning(path.join(pgDir, "cluster")))) return stored;
    const fresh = await findFreePort();
    log(`lifeboat: port ${stored} of the embedded PostgreSQL is taken by another program; using ${fresh} from now on`);
    await savePort(pgDir, fresh);
    return fresh;
  }
  const fresh = await findFreePort();
  await savePort(pgDir, fresh);
  return fresh;
}

async function savePort(pgDir: string, port: number): Promise<void> {
  await fs.mkdir(pgDir, { recursive: true, mode: 0o711 });
  await fs.writeFile(path.join(pgDir, "port"), `${port}\n`, { mode: 0o644 });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function postmasterPid(clusterDir: string): Promise<number | null> {
  const text = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(text.split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function clusterIsRunning(clusterDir: string): Promise<boolean> {
  const pid = await postmasterPid(clusterDir);
  return pid !== null && alive(pid);
}

/**
 * pg_ctl detaches the server from us, so its death is noticed by watching the postmaster's pid
 * (once a second) rather than an exit event.
 */
async function watchServer(clusterDir: string, stopServer: () => Promise<void>): Promise<Child> {
  const pid = await postmasterPid(clusterDir);
  let stopping = false;
  let resolveExit!: (exit: ChildExit) => void;
  const exited = new Promise<ChildExit>((resolve) => (resolveExit = resolve));
  const timer = setInterval(() => {
    if (pid === null || !alive(pid)) {
      clearInterval(timer);
      resolveExit({ name: NAME, code: null, signal: null, expected: stopping });
    }
  }, 1000);
  timer.unref();
  return {
    name: NAME,
    pid: pid ?? undefined,
    exited,
    recentOutput: () => [],
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await stopServer();
      const exit: ChildExit = { name: NAME, code: 0, signal: null, expected: true };
      resolveExit(exit);
      return exit;
    },
  };
}
