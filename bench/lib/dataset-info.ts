// What the bench scripts need to know about a data set: read from the manifest that
// generate-dataset.ts writes next to it, or from a set generated on the spot.
import fs from "node:fs/promises";
import path from "node:path";
import { formatBytes } from "./cli.ts";
import { planDataset, writeDataset, type DatasetParams } from "./dataset.ts";

export interface DatasetInfo {
  out: string;
  files: number;
  totalBytes: number;
  needle: string;
  largestFile: { path: string; size: number };
}

/** The manifest `<dir>.manifest.json` of a set made by bench/generate-dataset.ts. */
export async function readDatasetManifest(dir: string): Promise<DatasetInfo> {
  const out = path.resolve(dir);
  const text = await fs.readFile(`${out}.manifest.json`, "utf8").catch(() => {
    throw new Error(`${out}.manifest.json not found: create the data set with bench/generate-dataset.ts`);
  });
  return JSON.parse(text) as DatasetInfo;
}

/** Plans and writes a set into `out` (which must be missing or empty). */
export async function generateDataset(params: DatasetParams, out: string): Promise<DatasetInfo> {
  const plan = planDataset(params);
  process.stderr.write(`generating ${plan.files.length} files (${formatBytes(plan.totalBytes)}) in ${out}\n`);
  await writeDataset(plan, out);
  return { out, files: plan.files.length, totalBytes: plan.totalBytes, needle: plan.needle, largestFile: { path: path.join(out, plan.largest.path), size: plan.largest.size } };
}
