// A benchmark target is one way of doing the same operations on the same data set. Today there is
// bare restic; issue 5 adds the engine + agent path as a second target, i.e. a second table column.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import { formatBytes } from "./cli.ts";

export interface Measurement {
  seconds: number;
  /** Bytes read, written or transferred, for a throughput figure. */
  bytes?: number;
  /** Peak resident memory of the worker process, when known. */
  peakRssBytes?: number;
  note?: string;
}

export interface BenchTarget {
  name: string;
  setup(): Promise<void>;
  backup(label: "first" | "unchanged"): Promise<Measurement>;
  find(name: string): Promise<Measurement>;
  /** Streams one file out of the latest snapshot and discards it. */
  dump(file: string): Promise<Measurement>;
  /** Streams the whole listing of the latest snapshot (what indexing does). */
  ls(): Promise<Measurement>;
}

interface Run {
  seconds: number;
  peakRssBytes: number | undefined;
  stdoutBytes: number;
  lines: string[];
}

/** Runs restic with the password in the environment; keeps selected stdout lines, counts bytes. */
function runRestic(env: NodeJS.ProcessEnv, args: string[], keepLine: (line: string) => boolean = () => false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("restic", args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    let stderr = "";
    let peak: number | undefined;
    const lines: string[] = [];
    // VmHWM is the process's high-water mark of resident memory: the last reading before exit is its peak.
    const poll = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, "utf8").then(
        (status) => {
          const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
          if (kb) peak = Math.max(peak ?? 0, Number(kb) * 1024);
        },
        () => undefined,
      );
    }, 50);
    child.stdout.on("data", (chunk: Buffer) => (stdoutBytes += chunk.length));
    readline.createInterface({ input: child.stdout }).on("line", (line) => keepLine(line) && lines.push(line));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, peakRssBytes: peak, stdoutBytes, lines });
      else reject(new Error(`restic ${args[0]} exited with ${code}: ${stderr.trim().split("\n").pop()}`));
    });
  });
}

export function bareRestic(opts: { repo: string; cacheDir: string; password: string; data: string }): BenchTarget {
  const env = { ...process.env, RESTIC_REPOSITORY: opts.repo, RESTIC_PASSWORD: opts.password, RESTIC_CACHE_DIR: opts.cacheDir };
  return {
    name: "restic CLI",
    async setup() {
      await runRestic(env, ["init"]);
    },
    async backup(label) {
      const run = await runRestic(env, ["backup", "--json", "--quiet", opts.data], (l) => l.includes('"summary"'));
      const summary = JSON.parse(run.lines.at(-1) ?? "{}") as { data_added?: number; total_bytes_processed?: number };
      return {
        seconds: run.seconds,
        // An unchanged run skips reading the files, so a throughput figure would be meaningless.
        bytes: label === "first" ? summary.total_bytes_processed : undefined,
        peakRssBytes: run.peakRssBytes,
        note: `added ${formatBytes(summary.data_added ?? 0)}`,
      };
    },
    async find(name) {
      const run = await runRestic(env, ["find", "--json", name], (l) => l.startsWith("["));
      // restic searches every snapshot: one match per snapshot that holds the file.
      const snapshots = JSON.parse(run.lines[0] ?? "[]") as { matches?: unknown[] }[];
      const hits = snapshots.reduce((n, s) => n + (s.matches?.length ?? 0), 0);
      return { seconds: run.seconds, peakRssBytes: run.peakRssBytes, note: `${hits} matches in ${snapshots.length} snapshots` };
    },
    async dump(file) {
      const run = await runRestic(env, ["dump", "latest", file]);
      return { seconds: run.seconds, bytes: run.stdoutBytes, peakRssBytes: run.peakRssBytes };
    },
    async ls() {
      let nodes = 0;
      const run = await runRestic(env, ["ls", "--json", "latest"], () => (nodes++, false));
      return { seconds: run.seconds, peakRssBytes: run.peakRssBytes, note: `${nodes - 1} nodes` };
    },
  };
}
