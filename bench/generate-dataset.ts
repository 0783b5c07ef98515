// Reproducible benchmark data set: `tsx bench/generate-dataset.ts --out /tmp/lifeboat-ds [--small]`.
// See bench/README.md.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatBytes, parseCount, parseSize } from "./lib/cli.ts";
import { DEFAULTS, planDataset, SMALL, writeDataset, type DatasetParams } from "./lib/dataset.ts";

const USAGE = `usage: tsx bench/generate-dataset.ts --out <dir> [--small] [--size 1G] [--files 200000]
       [--seed 42] [--duplicates 0.05] [--deep 32] [--big-file 1G] [--force]`;

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      small: { type: "boolean", default: false },
      size: { type: "string" },
      files: { type: "string" },
      seed: { type: "string" },
      duplicates: { type: "string" },
      deep: { type: "string" },
      "big-file": { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const base = values.small ? SMALL : DEFAULTS;
  const params: DatasetParams = {
    seed: values.seed ? parseCount(values.seed, "--seed") : base.seed,
    totalBytes: values.size ? parseSize(values.size, "--size") : base.totalBytes,
    files: values.files ? parseCount(values.files, "--files") : base.files,
    duplicateRatio: values.duplicates ? Number(values.duplicates) : base.duplicateRatio,
    deepDepth: values.deep ? parseCount(values.deep, "--deep") : base.deepDepth,
    ...(values["big-file"] ? { bigFileBytes: parseSize(values["big-file"], "--big-file") } : {}),
  };
  if (!(params.duplicateRatio >= 0 && params.duplicateRatio < 1)) throw new Error("--duplicates must be in [0, 1)");

  const out = path.resolve(values.out);
  if (values.force) await fs.rm(out, { recursive: true, force: true });
  const plan = planDataset(params);
  const started = performance.now();
  let lastReport = 0;
  await writeDataset(plan, out, (done) => {
    if (done - lastReport >= 10_000) {
      lastReport = done;
      process.stderr.write(`  ${done}/${plan.files.length} files\n`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const manifest = {
    out,
    params,
    files: plan.files.length,
    dirs: plan.dirs.length,
    totalBytes: plan.totalBytes,
    duplicates: plan.duplicates,
    needle: plan.needle,
    largestFile: { path: path.join(out, plan.largest.path), size: plan.largest.size },
    fingerprint: plan.fingerprint,
  };
  // Next to the data (not inside it, so it is not part of what gets backed up).
  await fs.writeFile(`${out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `wrote ${manifest.files} files (${formatBytes(manifest.totalBytes)}, ${manifest.duplicates} duplicates) in ` +
      `${manifest.dirs} directories to ${out} in ${seconds.toFixed(1)} s; manifest ${out}.manifest.json; fingerprint ${plan.fingerprint.slice(0, 16)}`,
  );
}

main().catch((err: unknown) => {
  console.error(`generate-dataset: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
