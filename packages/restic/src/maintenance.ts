import { z } from "zod";
import { resticError } from "./errors.ts";
import { runRestic, type ResticContext } from "./process.ts";
import { scrubSecrets } from "./scrub.ts";

export type ForgetTarget =
  | { snapshotIds: string[] }
  | {
      keepLast?: number;
      keepHourly?: number;
      keepDaily?: number;
      keepWeekly?: number;
      keepMonthly?: number;
      keepYearly?: number;
      /** restic duration, e.g. `30d`, `1y6m`. */
      keepWithin?: string;
      keepTags?: string[];
      /** Restrict the policy to snapshots of this host / with these tags. */
      host?: string;
      tags?: string[];
    };

export interface ForgetResult {
  /** Full ids of the snapshots removed. */
  removed: string[];
  /** Full ids kept by a retention policy (empty for removal by id). */
  kept: string[];
  /** Requested ids that matched no snapshot (restic only warns about them). */
  notFound: string[];
}

const ForgetGroupsSchema = z.array(
  z.object({
    keep: z.array(z.object({ id: z.string() })).nullish(),
    remove: z.array(z.object({ id: z.string() })).nullish(),
  }),
);

export async function forget(ctx: ResticContext, target: ForgetTarget, prune: boolean): Promise<ForgetResult> {
  const args = ["--json"];
  if (prune) args.push("--prune");
  if ("snapshotIds" in target) {
    // restic 0.14 prints no JSON for removal by id, and for an unknown id only a warning
    // (`Ignoring "<id>": no matching ID found`) with exit code 0: read those back.
    const { stderrTail } = await runRestic(ctx, "forget", [...args, "--", ...target.snapshotIds]);
    const notFound = [...stderrTail.matchAll(/Ignoring "([^"]+)"/g)].map((m) => m[1] ?? "");
    return { removed: target.snapshotIds.filter((id) => !notFound.includes(id)), kept: [], notFound };
  }
  const flags: [string, number | string | undefined][] = [
    ["keep-last", target.keepLast],
    ["keep-hourly", target.keepHourly],
    ["keep-daily", target.keepDaily],
    ["keep-weekly", target.keepWeekly],
    ["keep-monthly", target.keepMonthly],
    ["keep-yearly", target.keepYearly],
    ["keep-within", target.keepWithin],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(`--${flag}=${value}`);
  for (const tag of target.keepTags ?? []) args.push(`--keep-tag=${tag}`);
  if (target.host) args.push(`--host=${target.host}`);
  for (const tag of target.tags ?? []) args.push(`--tag=${tag}`);
  const { stdout } = await runRestic(ctx, "forget", args);
  // With --prune the JSON array is followed by prune's text output: take the first line only.
  const firstLine = stdout.split("\n").find((l) => l.startsWith("[")) ?? "[]";
  const groups = ForgetGroupsSchema.parse(JSON.parse(firstLine));
  return {
    removed: groups.flatMap((g) => (g.remove ?? []).map((s) => s.id)),
    kept: groups.flatMap((g) => (g.keep ?? []).map((s) => s.id)),
    notFound: [],
  };
}

export async function prune(ctx: ResticContext): Promise<void> {
  await runRestic(ctx, "prune", []);
}

export interface CheckResult {
  /** No errors (orphaned packs are not errors, see `unreferencedPacks`). */
  ok: boolean;
  /**
   * Packs no index references: left by a killed backup (restic 0.14 indexes uploaded packs only
   * when it finishes or its in-memory index fills up). Harmless; `prune` removes them.
   */
  unreferencedPacks: number;
  /** Scrubbed tail of restic's report. */
  output: string;
  /** The lines that name a problem (a missing or damaged pack, "Fatal: …"), scrubbed; empty when ok. */
  problems: string[];
}

/** restic's progress ticks ("[0:37] 50.00%  1 / 2 packs"), its own retries of a read, and its all-clear. */
const NOISE = /^\[\d+:\d+(:\d+)?\]|returned error, retrying after|^no errors were found/;
const PROBLEM = /error|does not exist|failed|fatal|missing|damaged|invalid|mismatch|not found/i;

/** What a failed `restic check` found, in order, each line once: no progress, no retries. */
export function checkProblems(report: string): string[] {
  const seen = new Set<string>();
  for (const raw of report.split("\n")) {
    const line = raw.trim();
    if (line && !NOISE.test(line) && PROBLEM.test(line)) seen.add(line);
  }
  return [...seen];
}

export async function check(ctx: ResticContext, opts: { readDataSubset?: string } = {}): Promise<CheckResult> {
  const args: string[] = [];
  if (opts.readDataSubset) args.push(`--read-data-subset=${opts.readDataSubset}`);
  // Exit 1 covers both "repository contains errors" (a result) and fatal errors (thrown below).
  const { stdout, exitCode, stderrTail } = await runRestic(ctx, "check", args, { okCodes: [0, 1] });
  const unreferencedPacks = (stdout.match(/not referenced in any index/g) ?? []).length;
  const output = scrubSecrets(`${stdout.split("\n").slice(-40).join("\n")}\n${stderrTail}`.trim(), ctx.secrets);
  if (exitCode !== 0 && !/repository contains errors/i.test(stderrTail)) {
    throw resticError("check", exitCode, stderrTail, ctx.secrets);
  }
  const problems = exitCode === 0 ? [] : checkProblems(scrubSecrets(`${stdout}\n${stderrTail}`, ctx.secrets)).slice(0, 50);
  return { ok: exitCode === 0, unreferencedPacks, output, problems };
}

export async function unlock(ctx: ResticContext, opts: { removeAll?: boolean } = {}): Promise<void> {
  await runRestic(ctx, "unlock", opts.removeAll ? ["--remove-all"] : []);
}

/**
 * Indexes packs that no index references — what a killed backup uploaded. Afterwards the next
 * backup deduplicates against them instead of uploading the same data again. Needs the exclusive
 * lock (run `unlock()` first after a crash); reads only the headers of the unindexed packs.
 */
export async function rebuildIndex(ctx: ResticContext): Promise<void> {
  await runRestic(ctx, "rebuild-index", []);
}
