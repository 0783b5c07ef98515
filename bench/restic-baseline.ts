// Times bare restic on the benchmark data set and prints one table (a column per target).
// `tsx bench/restic-baseline.ts --small` or `--data <dir>` (made by generate-dataset.ts). See README.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatBytes } from "./lib/cli.ts";
import { DEFAULTS, SMALL } from "./lib/dataset.ts";
import { generateDataset, readDatasetManifest, type DatasetInfo } from "./lib/dataset-info.ts";
import { bareRestic, type BenchTarget, type Measurement } from "./lib/targets.ts";

const USAGE = "usage: tsx bench/restic-baseline.ts [--data <dir> | --small] [--work <dir>] [--keep] [--json <file>]";

const OPERATIONS = [
  { key: "backup-first", label: "backup (first)" },
  { key: "backup-unchanged", label: "backup (unchanged, 2nd)" },
  { key: "find", label: "find <name>" },
  { key: "ls", label: "ls --json (full listing)" },
  { key: "dump", label: "dump <largest file>" },
] as const;
type OperationKey = (typeof OPERATIONS)[number]["key"];

async function runTarget(target: BenchTarget, dataset: DatasetInfo): Promise<Record<OperationKey, Measurement>> {
  await target.setup();
  const step = async (key: OperationKey, fn: () => Promise<Measurement>) => {
    process.stderr.write(`  ${target.name}: ${key}…`);
    const m = await fn();
    process.stderr.write(` ${m.seconds.toFixed(2)} s\n`);
    return m;
  };
  return {
    "backup-first": await step("backup-first", () => target.backup("first")),
    "backup-unchanged": await step("backup-unchanged", () => target.backup("unchanged")),
    find: await step("find", () => target.find(dataset.needle)),
    ls: await step("ls", () => target.ls()),
    dump: await step("dump", () => target.dump(dataset.largestFile.path)),
  };
}

function cell(m: Measurement): string {
  const parts = [`${m.seconds.toFixed(2)} s`];
  if (m.bytes && m.seconds > 0) parts.push(`${formatBytes(m.bytes / m.seconds)}/s`);
  if (m.peakRssBytes) parts.push(`rss ${formatBytes(m.peakRssBytes)}`);
  if (m.note) parts.push(m.note);
  return parts.join(", ");
}

function printTable(columns: { name: string; results: Record<OperationKey, Measurement> }[]): void {
  const header = ["operation", ...columns.map((c) => c.name)];
  const rows = OPERATIONS.map((op) => [op.label, ...columns.map((c) => cell(c.results[op.key]))]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      small: { type: "boolean", default: false },
      work: { type: "string" },
      keep: { type: "boolean", default: false },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const work = values.work ? path.resolve(values.work) : await fs.mkdtemp(path.join(os.tmpdir(), "lifeboat-bench-"));
  await fs.mkdir(work, { recursive: true });
  try {
    const dataset: DatasetInfo = values.data
      ? await readDatasetManifest(values.data)
      : await generateDataset(values.small ? SMALL : DEFAULTS, path.join(work, "data"));

    // The password never appears in argv or output: restic reads it from the environment.
    const password = randomBytes(24).toString("base64url");
    const targets: BenchTarget[] = [
      bareRestic({ repo: path.join(work, "repo-restic"), cacheDir: path.join(work, "cache-restic"), password, data: dataset.out }),
    ];
    const columns = [];
    for (const target of targets) columns.push({ name: target.name, results: await runTarget(target, dataset) });

    console.log(
      `\ndata set: ${dataset.files} files, ${formatBytes(dataset.totalBytes)}, largest ${formatBytes(dataset.largestFile.size)}; ` +
        `${os.cpus().length} cores, ${(await import("node:child_process")).execFileSync("restic", ["version"]).toString().trim()}\n`,
    );
    printTable(columns);
    if (values.json) {
      await fs.writeFile(values.json, `${JSON.stringify({ dataset, columns, at: new Date().toISOString() }, null, 2)}\n`);
    }
  } finally {
    if (values.keep) console.error(`kept ${work}`);
    else await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`restic-baseline: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
