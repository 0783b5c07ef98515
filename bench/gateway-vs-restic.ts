// Backups through the engine's repository gateway next to bare restic on one data set, in one run
// (issue 11): the agent's restic writes the host's repository as `rest:<engine>/repository/v1/<id>/`
// (the default storage model), bare restic writes a local folder.
//   npx tsx bench/gateway-vs-restic.ts --data /tmp/lifeboat-ds            (a set made by generate-dataset.ts)
//   npx tsx bench/gateway-vs-restic.ts --small                            (generates the small set in a temp dir)
//   … --shared    adds a column: the engine with ENGINE_HOST_REPOSITORIES=off (the agent's restic on the local folder itself)
// Needs DATABASE_URL (the engine gets its own database there, dropped at the end) and restic.
// Rows: first backup, unchanged second backup. Engine figures are the run's own start → end; the
// engine's, the agent's and restic's peak RSS (VmHWM) are taken over each run. See bench/README.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatBytes } from "./lib/cli.ts";
import { DEFAULTS, SMALL } from "./lib/dataset.ts";
import { generateDataset, readDatasetManifest } from "./lib/dataset-info.ts";
import { startEngineStack, type EngineMeasurement } from "./lib/engine-target.ts";
import { bareRestic, type Measurement } from "./lib/targets.ts";

const USAGE = `usage: tsx bench/gateway-vs-restic.ts [--data <dir> | --small] [--shared] [--work <dir>] [--keep] [--json <file>]`;
const log = (text: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

const rss = (peaks: Record<string, number>) => ["engine", "agent", "restic"].filter((k) => peaks[k] !== undefined).map((k) => `${k} ${formatBytes(peaks[k]!)}`).join(" / ");
const resticCell = (m: Measurement) => [`${m.seconds.toFixed(2)} s`, m.peakRssBytes ? `rss ${formatBytes(m.peakRssBytes)}` : undefined].filter(Boolean).join(", ");
const engineCell = (m: EngineMeasurement) => `${m.seconds.toFixed(2)} s, rss ${rss(m.peaks)}`;
/** restic time ÷ engine time: ≥ 1 means the engine path is as fast or faster. */
const ratio = (restic: number, engine: number) => `${(restic / engine).toFixed(2)}×`;

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

async function engineColumn(name: string, work: string, data: string, engineEnv: Record<string, string>) {
  log(`${name}: start engine + agent`);
  const stack = await startEngineStack({ work: path.join(work, name), data, engineEnv });
  try {
    const first = (await stack.backup()).run;
    log(`${name}: first ${engineCell(first)}`);
    const second = (await stack.backup()).run;
    log(`${name}: unchanged ${engineCell(second)}`);
    const repo = await stack.repository().catch(() => undefined);
    return { first, second, repoBytes: repo ? await du(repo.path) : undefined };
  } finally {
    await stack.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      small: { type: "boolean", default: false },
      shared: { type: "boolean", default: false },
      work: { type: "string" },
      keep: { type: "boolean", default: false },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const work = values.work ? path.resolve(values.work) : await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-bench-gateway-"));
  await fs.mkdir(work, { recursive: true });
  try {
    const dataset = values.data ? await readDatasetManifest(values.data) : await generateDataset(values.small ? SMALL : DEFAULTS, path.join(work, "data"));
    const loadBefore = os.loadavg()[0]!;
    const restic = bareRestic({ repo: path.join(work, "repo-restic"), cacheDir: path.join(work, "cache-restic"), password: randomBytes(24).toString("base64url"), data: dataset.out });
    await restic.setup();
    const rFirst = await restic.backup("first");
    log(`restic: first ${resticCell(rFirst)}`);
    const rSecond = await restic.backup("unchanged");
    log(`restic: unchanged ${resticCell(rSecond)}`);
    const resticBytes = await du(path.join(work, "repo-restic"));

    const gateway = await engineColumn("gateway", work, dataset.out, {});
    const shared = values.shared ? await engineColumn("shared", work, dataset.out, { ENGINE_HOST_REPOSITORIES: "off" }) : undefined;
    const loadAfter = os.loadavg()[0]!;

    console.log(`data set: ${dataset.files} files, ${formatBytes(dataset.totalBytes)}; ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`);
    const header = ["", "bare restic (local folder)", "engine + agent through the gateway", "gateway ÷ restic speed"];
    const rows = [
      ["backup (first)", resticCell(rFirst), engineCell(gateway.first), ratio(rFirst.seconds, gateway.first.seconds)],
      ["backup (unchanged, 2nd)", resticCell(rSecond), engineCell(gateway.second), ratio(rSecond.seconds, gateway.second.seconds)],
      ["repository on disk", formatBytes(resticBytes), gateway.repoBytes === undefined ? "—" : formatBytes(gateway.repoBytes), ""],
    ];
    if (shared) {
      header.push("engine + agent, shared repository (off)");
      rows[0]!.push(engineCell(shared.first));
      rows[1]!.push(engineCell(shared.second));
      rows[2]!.push("");
    }
    printTable(header, rows);
    if (values.json) await fs.writeFile(values.json, `${JSON.stringify({ dataset, restic: { first: rFirst, second: rSecond, bytes: resticBytes }, gateway, shared, loadBefore, loadAfter }, null, 2)}\n`);
  } finally {
    if (!values.keep) await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
