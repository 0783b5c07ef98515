// Engine + agent side by side with bare restic on one data set, in one run (issue 5):
//   npx tsx bench/engine-vs-restic.ts --data /tmp/lifeboat-ds      (a set made by generate-dataset.ts)
//   npx tsx bench/engine-vs-restic.ts --small                      (generates the small set in a temp dir)
// Needs DATABASE_URL (the engine gets its own database there, dropped at the end) and restic.
// See bench/README.md for what each row measures.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatBytes, parseCount } from "./lib/cli.ts";
import { DEFAULTS, SMALL } from "./lib/dataset.ts";
import { generateDataset, readDatasetManifest, type DatasetInfo } from "./lib/dataset-info.ts";
import { startEngineStack, type EngineMeasurement, type EngineStack, type SearchFigures } from "./lib/engine-target.ts";
import type { Peaks } from "./lib/proc-memory.ts";
import { bareRestic, type Measurement } from "./lib/targets.ts";

const USAGE = `usage: tsx bench/engine-vs-restic.ts [--data <dir> | --small] [--runs 5] [--iterations 20]
       [--search <fragment>]... [--work <dir>] [--keep] [--json <file>] [--agent-env KEY=VALUE]...
--agent-env sets an agent variable, e.g. AGENT_DOWNLOAD_CACHE_MB=0 (ranged downloads without the download cache)`;

/** Besides the needle: a name prefix (few hits), a deep folder (many), an extension (very many), nothing. */
const DEFAULT_FRAGMENTS = ["report-1", "level-17/", ".csv", "no-such-name"];
/** The API's largest download chunk (§Q 6). */
const CHUNK = 8 * 1024 * 1024;

const log = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

/** Every result is logged as it comes (stderr) and kept, so a run stopped half-way still tells what it measured. */
const partial: Record<string, unknown> = {};
let partialFile: string | undefined;

async function step<T>(what: string, fn: () => Promise<T>, describe: (r: T) => string | undefined = () => undefined): Promise<T> {
  log(`${what}…`);
  const r = await fn();
  log(`${what}: ${describe(r) ?? "done"}`);
  partial[what] = r;
  if (partialFile) await fs.writeFile(partialFile, `${JSON.stringify(partial, null, 2)}\n`);
  return r;
}

const throughput = (m: { seconds: number; bytes?: number }) => (m.bytes && m.seconds > 0 ? `${formatBytes(m.bytes / m.seconds)}/s` : undefined);

function resticCell(m: Measurement | undefined): string {
  if (!m) return "—";
  return [`${m.seconds.toFixed(2)} s`, throughput(m), m.peakRssBytes ? `rss ${formatBytes(m.peakRssBytes)}` : undefined, m.note].filter(Boolean).join(", ");
}

function peaksText(p: Peaks): string {
  return ["engine", "agent", "restic"].filter((k) => p[k] !== undefined).map((k) => `${k} ${formatBytes(p[k]!)}`).join(" / ");
}

function engineCell(m: EngineMeasurement): string {
  return [`${m.seconds.toFixed(2)} s`, throughput(m), `rss ${peaksText(m.peaks)}`, m.note].filter(Boolean).join(", ");
}

/** engine speed ÷ restic speed (= restic time ÷ engine time): ≥ 1 means the engine is as fast or faster. */
const ratio = (restic: number | undefined, engine: number | undefined) => (restic && engine ? `${(restic / engine).toFixed(2)}×` : "—");

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function maxPeaks(ps: Peaks[]): Peaks {
  const out: Peaks = {};
  for (const p of ps) for (const [k, v] of Object.entries(p)) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      small: { type: "boolean", default: false },
      runs: { type: "string", default: "5" },
      iterations: { type: "string", default: "20" },
      search: { type: "string", multiple: true },
      work: { type: "string" },
      keep: { type: "boolean", default: false },
      json: { type: "string" },
      "agent-env": { type: "string", multiple: true },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const runs = parseCount(values.runs, "--runs");
  if (runs < 2) throw new Error("--runs: at least 2 (a first and an unchanged backup)");
  const iterations = parseCount(values.iterations, "--iterations");
  const agentEnv: Record<string, string> = {};
  for (const kv of values["agent-env"] ?? []) {
    const m = /^(AGENT_[A-Z0-9_]+)=(.*)$/.exec(kv);
    if (!m) throw new Error(`--agent-env: expected AGENT_NAME=value, got ${JSON.stringify(kv)}`);
    agentEnv[m[1]!] = m[2]!;
  }
  if (values.json) partialFile = `${values.json}.partial`;
  if (!process.env.DATABASE_URL) log("DATABASE_URL is not set: the engine's database goes to an embedded PostgreSQL in a temp dir");

  const work = values.work ? path.resolve(values.work) : await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-bench-"));
  await fs.mkdir(work, { recursive: true });
  let stack: EngineStack | undefined;
  try {
    const dataset: DatasetInfo = values.data
      ? await readDatasetManifest(values.data)
      : await generateDataset(values.small ? SMALL : DEFAULTS, path.join(work, "data"));
    const largest = dataset.largestFile;
    const loadBefore = os.loadavg()[0]!;

    // Bare restic on its own fresh repository (random password, only ever in restic's environment).
    const restic = bareRestic({ repo: path.join(work, "repo-restic"), cacheDir: path.join(work, "cache-restic"), password: randomBytes(24).toString("base64url"), data: dataset.out });
    await step("restic: init", () => restic.setup());
    const rFirst = await step("restic: backup (first)", () => restic.backup("first"), resticCell);
    const rSecond = await step("restic: backup (unchanged)", () => restic.backup("unchanged"), resticCell);

    // Engine + agent: `runs` runs of the same group, each followed by the index of its snapshot.
    stack = await step("engine: start engine + agent, register the host, policy, group", () => startEngineStack({ work, data: dataset.out, agentEnv }));
    const engineRuns: Awaited<ReturnType<EngineStack["backup"]>>[] = [];
    for (let i = 1; i <= runs; i++) {
      engineRuns.push(await step(`engine: run ${i}/${runs} + index`, () => stack!.backup(), (r) => `run ${engineCell(r.run)}; index ${engineCell(r.index)}`));
    }
    const [eFirst, eSecond] = engineRuns as [(typeof engineRuns)[0], (typeof engineRuns)[0]];
    const rest = engineRuns.slice(2);
    const indexRows = await stack.indexRows();
    log(`engine: ${indexRows} index rows over ${runs} snapshots`);

    const searches: (SearchFigures & { peaks: Peaks })[] = [];
    for (const q of [dataset.needle, ...(values.search ?? DEFAULT_FRAGMENTS)]) {
      searches.push(await step(`engine: search "${q}" ×${iterations}`, () => stack!.search(q, iterations), (f) => `p50 ${(f.p50 * 1000).toFixed(0)} ms, p95 ${(f.p95 * 1000).toFixed(0)} ms, ${f.hits}${f.more ? "+" : ""} hits, rss ${peaksText(f.peaks)}`));
    }

    // restic on the engine's own repository: the same snapshots the index was built from.
    const repo = await stack.repository();
    const onEngineRepo = bareRestic({ repo: repo.path, cacheDir: path.join(work, "cache-engine-repo"), password: repo.password, data: dataset.out });
    const rLs = await step("restic (engine repo): ls --json latest", () => onEngineRepo.ls(), resticCell);
    const rFind = await step(`restic (engine repo): find ${dataset.needle}`, () => onEngineRepo.find(dataset.needle), resticCell);
    const rDump = await step(`restic (engine repo): dump ${largest.path}`, () => onEngineRepo.dump(largest.path), resticCell);

    const tasks = await stack.tasks();
    const eDownload = await step("engine: download-file (whole file, one HTTP request)", () => stack!.download(largest.path), engineCell);
    // As the portal and @lifeboat/upstream read a file: 8 MiB ranged requests. Cold: nothing cached yet.
    const eRanged = await step("engine: download-file whole file in 8 MiB ranges (typed client)", () => stack!.downloadRanged(largest.path), engineCell);
    const lastChunk = { startOffset: Math.max(0, largest.size - CHUNK), length: Math.min(CHUNK, largest.size) };
    const eFirstChunk = await step("engine: download-file first 8 MiB range", () => stack!.download(largest.path, { startOffset: 0, length: lastChunk.length }), engineCell);
    const eLastChunk = await step("engine: download-file last 8 MiB range", () => stack!.download(largest.path, lastChunk), engineCell);
    if (eRanged.bytes !== largest.size) throw new Error(`the ranged download returned ${eRanged.bytes} bytes, the file has ${largest.size}`);
    if (eDownload.bytes !== largest.size) throw new Error(`download-file returned ${eDownload.bytes} bytes, the file has ${largest.size}`);
    if (rDump.bytes !== largest.size) throw new Error(`restic dump returned ${rDump.bytes} bytes, the file has ${largest.size}`);
    await stack.stop();
    stack = undefined;
    const loadAfter = os.loadavg()[0]!;

    const needle = searches[0]!;
    const rows: string[][] = [
      ["backup (first)", resticCell(rFirst), engineCell(eFirst.run), ratio(rFirst.seconds, eFirst.run.seconds)],
      ["backup (unchanged, 2nd)", resticCell(rSecond), engineCell({ ...eSecond.run, bytes: undefined }), ratio(rSecond.seconds, eSecond.run.seconds)],
    ];
    if (rest.length) {
      const secs = rest.map((r) => r.run.seconds);
      rows.push([`backup (unchanged, runs 3–${runs}, mean)`, "—", `${mean(secs).toFixed(2)} s (min ${Math.min(...secs).toFixed(2)}, max ${Math.max(...secs).toFixed(2)}), rss ${peaksText(maxPeaks(rest.map((r) => r.run.peaks)))}`, ratio(rSecond.seconds, mean(secs))]);
    }
    const idx = engineRuns.map((r) => r.index.seconds);
    rows.push(
      ["list snapshot: ls --json / index (1st snapshot)", resticCell(rLs), engineCell(eFirst.index), ratio(rLs.seconds, eFirst.index.seconds)],
      [`index (snapshots 2–${runs}, mean)`, "—", `${mean(idx.slice(1)).toFixed(2)} s, rss ${peaksText(maxPeaks(engineRuns.slice(1).map((r) => r.index.peaks)))}`, ratio(rLs.seconds, mean(idx.slice(1)))],
      [
        `find ${dataset.needle} (${runs} snapshots, ${indexRows} index rows)`,
        resticCell(rFind),
        `p50 ${(needle.p50 * 1000).toFixed(0)} ms, p95 ${(needle.p95 * 1000).toFixed(0)} ms (×${needle.iterations}), rss ${peaksText(needle.peaks)}, ${needle.hits} hit${needle.hits === 1 ? "" : "s"}`,
        ratio(rFind.seconds, needle.p50),
      ],
      [`download ${formatBytes(largest.size)} file: dump / download-file`, resticCell(rDump), engineCell(eDownload), ratio(rDump.seconds, eDownload.seconds)],
      [`download ${formatBytes(largest.size)} file in 8 MiB ranges (typed client, cold)`, resticCell(rDump), engineCell(eRanged), ratio(rDump.seconds, eRanged.seconds)],
      ["download-file, first 8 MiB range (after the ranged download)", "—", engineCell(eFirstChunk), "—"],
      ["download-file, last 8 MiB range (after the ranged download)", "—", engineCell(eLastChunk), "—"],
    );

    console.log(
      `\ndata set: ${dataset.files} files, ${formatBytes(dataset.totalBytes)}, largest ${formatBytes(largest.size)}; ` +
        `${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}; ${execFileSync("restic", ["version"]).toString().trim()}\n`,
    );
    printTable(["operation", "restic CLI", "engine + agent (rss: engine / agent / agent's restic)", "engine/restic speed"], rows);
    console.log(`\nindexed search (SearchIndexedObjects, count 100, ${indexRows} index rows, ${iterations} timed calls after one warm-up):\n`);
    printTable(
      ["search string", "p50", "p95", "first page"],
      searches.map((s) => [s.query, `${(s.p50 * 1000).toFixed(0)} ms`, `${(s.p95 * 1000).toFixed(0)} ms`, `${s.hits}${s.more ? "+" : ""} row${s.hits === 1 && !s.more ? "" : "s"}`]),
    );
    const f = (x: number | undefined) => (x === undefined ? "—" : `${x.toFixed(2)} s`);
    console.log("\nwhere the engine's time goes (task table: created → delivered to the agent → result reported; restic's own duration from its summary):\n");
    printTable(
      ["task", "dispatch", "on the agent", "restic backup itself"],
      tasks.map((t, i) => [`${i + 1}. ${t.type}`, f(t.dispatchSeconds), f(t.agentSeconds), f(t.resticSeconds)]),
    );
    if (values.json) {
      await fs.writeFile(
        values.json,
        `${JSON.stringify({ at: new Date().toISOString(), dataset, load: [loadBefore, loadAfter], restic: { rFirst, rSecond, rLs, rFind, rDump }, engine: { engineRuns, tasks, indexRows, searches, eDownload, eRanged, eFirstChunk, eLastChunk }, agentEnv }, null, 2)}\n`,
      );
    }
  } finally {
    if (stack) await stack.stop().catch((e: unknown) => log(`stopping the engine stack failed: ${String(e)}`));
    if (values.keep) log(`kept ${work}`);
    else await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`engine-vs-restic: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
