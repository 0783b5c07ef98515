// A gate in front of restic's repository, so a test can hold a real backup or restore in the middle
// of its transfer for as long as it likes, however fast the machine is.
//
// restic 0.14 talks to this server with its REST backend (the protocol of restic's rest-server: one
// HTTP request per repository file). Files live on disk in restic's usual repository layout, so the
// test can still open the same folder as a local repository (`resticAt(dir)`, `restic check`). The
// agent is handed a wrapper as its restic binary (AGENT_RESTIC_BIN): it turns the local repository
// path of a command into this server's URL and `exec`s the real restic, so the agent's SIGSTOP,
// SIGCONT and SIGINT reach restic itself. The gate is not a signal: an upload it holds has been read
// completely but gets no answer until `release()`, so restic waits on the socket. A SIGCONT cannot
// release it, and a SIGSTOP of the agent's pause stays the only thing that stops restic after
// `release()`. restic gets one backend connection (`-o rest.connections=1`): while one request is
// held, restic can send nothing else, which makes "nothing moves" measurable at the server.
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const TYPES = new Set(["data", "keys", "locks", "snapshots", "index"]);
const V2 = "application/vnd.x.restic.rest.v2";

export interface GateOptions {
  /** From now on, hold every data upload once this many more bytes of data files landed (0: the next one). */
  uploadsAfterBytes?: number;
  /** From now on, hold every data download once this many more bytes of data files were served. */
  downloadsAfterBytes?: number;
}

export interface GatedRepositoryServer {
  url: string;
  /** Executable for AGENT_RESTIC_BIN: the real restic, with local repositories under `root` served here. */
  resticBin: string;
  /** Closes the gate (it starts open). */
  hold(options: GateOptions): void;
  /** Requests waiting at the gate right now (their client is still there). */
  readonly held: number;
  /** Opens the gate: answers every held request (resolved once all are answered) and lets everything through. */
  release(): Promise<void>;
  /** Requests received so far, and bytes of data files that landed / were served. */
  readonly requests: number;
  readonly landedDataBytes: number;
  readonly servedDataBytes: number;
  close(): Promise<void>;
}

interface Held {
  res: http.ServerResponse;
  /** Answered or dropped: exactly one of the two happens. */
  settled?: boolean;
  answer(): Promise<void>;
  drop(): Promise<void>;
}

/** Serves the restic repositories in folders under `root` (absolute paths in the URL). */
export async function startGatedRepositoryServer(root: string): Promise<GatedRepositoryServer> {
  const incoming = await fs.mkdtemp(path.join(root, ".gate-incoming-"));
  /** Totals at which the gate closes (undefined: open). */
  let gate: { uploadsAt?: number; downloadsAt?: number } = {};
  let held: Held[] = [];
  let requests = 0;
  let landedDataBytes = 0;
  let servedDataBytes = 0;
  let tmpSeq = 0;

  const closedGate = (at: number | undefined, sofar: number) => at !== undefined && sofar >= at;
  /** Answers at once while the gate is open, else keeps the request until `release()`. */
  const answerOrHold = async (entry: Held, closed: boolean) => {
    if (!closed) return entry.answer();
    held.push(entry);
    entry.res.once("close", () => {
      if (entry.settled) return;
      entry.settled = true; // the client went away (e.g. killed) before the gate opened
      void entry.drop();
    });
  };

  async function release(entries: Held[]) {
    held = held.filter((h) => !entries.includes(h));
    for (const entry of entries) {
      if (entry.settled) continue;
      entry.settled = true;
      if (entry.res.destroyed) await entry.drop();
      else await entry.answer();
    }
  }

  const server = http.createServer((req, res) => {
    requests++;
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
  server.requestTimeout = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://gate");
    const match = /^(\/.+?)\/(?:(config)|(data|keys|locks|snapshots|index)\/([0-9a-f]{64})?)?$/.exec(decodeURIComponent(url.pathname));
    const repo = match?.[1] ? path.resolve(match[1]) : undefined;
    if (!match || !repo || !repo.startsWith(root + path.sep)) {
      return void res.writeHead(400).end("not a repository file of this server");
    }
    const type = match[2] ? "config" : match[3];
    const name = match[4];
    if (!type) {
      // POST /<repo>/?create=true
      if (req.method !== "POST" || url.searchParams.get("create") !== "true") return void res.writeHead(400).end("unknown request");
      for (const t of TYPES) await fs.mkdir(path.join(repo, t), { recursive: true });
      for (let i = 0; i < 256; i++) await fs.mkdir(path.join(repo, "data", i.toString(16).padStart(2, "0")), { recursive: true });
      return void res.writeHead(200).end();
    }
    if (type !== "config" && !name) {
      if (req.method !== "GET") return void res.writeHead(405).end();
      return list(req, res, repo, type);
    }
    const file = type === "config" ? path.join(repo, "config") : type === "data" ? path.join(repo, "data", name!.slice(0, 2), name!) : path.join(repo, type, name!);
    switch (req.method) {
      case "HEAD": {
        const stat = await fs.stat(file).catch(() => null);
        if (!stat) return void res.writeHead(404).end();
        return void res.writeHead(200, { "Content-Length": stat.size }).end();
      }
      case "GET":
        return download(req, res, file, type === "data");
      case "POST":
        return upload(req, res, file, type === "data");
      case "DELETE":
        try {
          await fs.unlink(file);
          return void res.writeHead(200).end();
        } catch {
          return void res.writeHead(404).end();
        }
      default:
        return void res.writeHead(405).end();
    }
  }

  async function list(req: http.IncomingMessage, res: http.ServerResponse, repo: string, type: string) {
    const dir = path.join(repo, type);
    const dirs = type === "data" ? (await fs.readdir(dir).catch(() => null))?.map((d) => path.join(dir, d)) : [dir];
    if (!dirs) return void res.writeHead(404).end();
    const files: { name: string; size: number }[] = [];
    for (const d of dirs) {
      for (const name of await fs.readdir(d).catch(() => [] as string[])) {
        const stat = await fs.stat(path.join(d, name));
        if (stat.isFile()) files.push({ name, size: stat.size });
      }
    }
    const v2 = (req.headers.accept ?? "").includes(V2);
    res.writeHead(200, { "Content-Type": v2 ? V2 : "application/vnd.x.restic.rest.v1" });
    res.end(JSON.stringify(v2 ? files : files.map((f) => f.name)));
  }

  async function download(req: http.IncomingMessage, res: http.ServerResponse, file: string, isData: boolean) {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) return void res.writeHead(404).end();
    let start = 0;
    let end = stat.size - 1;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (range) {
      if (range[1] === "") start = Math.max(0, stat.size - Number(range[2]));
      else {
        start = Number(range[1]);
        if (range[2] !== "") end = Math.min(end, Number(range[2]));
      }
      if (start > end) return void res.writeHead(416, { "Content-Range": `bytes */${stat.size}` }).end();
    }
    const entry: Held = {
      res,
      answer: async () => {
        const length = end - start + 1;
        if (isData) servedDataBytes += length;
        res.writeHead(range ? 206 : 200, {
          "Content-Length": length,
          ...(range ? { "Content-Range": `bytes ${start}-${end}/${stat.size}` } : {}),
        });
        await pipeline(createReadStream(file, { start, end }), res).catch(() => undefined);
      },
      drop: async () => undefined,
    };
    await answerOrHold(entry, isData && closedGate(gate.downloadsAt, servedDataBytes));
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, file: string, isData: boolean) {
    // Kept outside the repository until complete: a repository folder only ever holds whole files.
    const tmp = path.join(incoming, `${++tmpSeq}`);
    try {
      await pipeline(req, createWriteStream(tmp));
    } catch {
      await fs.rm(tmp, { force: true });
      return;
    }
    const size = (await fs.stat(tmp)).size;
    const entry: Held = {
      res,
      answer: async () => {
        if (await fs.stat(file).catch(() => null)) {
          await fs.rm(tmp, { force: true });
          return void res.writeHead(403).end("file exists");
        }
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.rename(tmp, file);
        if (isData) landedDataBytes += size;
        res.writeHead(200).end();
      },
      drop: () => fs.rm(tmp, { force: true }),
    };
    await answerOrHold(entry, isData && closedGate(gate.uploadsAt, landedDataBytes));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const resticBin = path.join(incoming, "restic-gated");
  await fs.writeFile(
    resticBin,
    [
      "#!/bin/sh",
      "# restic against a test's gated REST server: local repositories become the same folder over HTTP.",
      'case "$RESTIC_REPOSITORY" in',
      `  /*) RESTIC_REPOSITORY="rest:${url}$RESTIC_REPOSITORY/"; export RESTIC_REPOSITORY ;;`,
      "esac",
      'exec restic -o rest.connections=1 "$@"',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );

  return {
    url,
    resticBin,
    hold(options) {
      gate = {
        uploadsAt: options.uploadsAfterBytes === undefined ? undefined : landedDataBytes + options.uploadsAfterBytes,
        downloadsAt: options.downloadsAfterBytes === undefined ? undefined : servedDataBytes + options.downloadsAfterBytes,
      };
    },
    get held() {
      return held.filter((h) => !h.settled && !h.res.destroyed).length;
    },
    async release() {
      gate = {};
      await release([...held]);
    },
    get requests() {
      return requests;
    },
    get landedDataBytes() {
      return landedDataBytes;
    },
    get servedDataBytes() {
      return servedDataBytes;
    },
    async close() {
      gate = {};
      await release([...held]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(incoming, { recursive: true, force: true });
    },
  };
}
