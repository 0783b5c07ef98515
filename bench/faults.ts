// The fault suite of issue 12 as a table: the same scenarios as apps/engine/test/faults (real engine,
// agent, restic and an embedded PostgreSQL), each done once, printed as fault, final state, time from
// the fault to that state, and the bound the tests hold it to. Then the "nothing lost" check: the
// next backup of every group, `restic check`, and the engine's snapshot list against the repository.
//
//   npx tsx bench/faults.ts                 # all faults (~10 min on 2 cores)
//   npx tsx bench/faults.ts --only agent,engine,postgres,download,abandoned,pack,hung,proc
//   npx tsx bench/faults.ts --json faults.json
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { startFaultStack, type FaultStack } from "../apps/engine/test/faults/fault-stack.ts";
import {
  abandonedDownload,
  dataset,
  deletedPack,
  failedDownload,
  hungRestoreTarget,
  killDuringBackupAndRestore,
  pseudoFsRestoreTarget,
  verifyNothingLost,
  type FaultOutcome,
  type NothingLost,
} from "../apps/engine/test/faults/scenarios.ts";

const { values } = parseArgs({ options: { only: { type: "string" }, json: { type: "string" } } });
const ALL = ["agent", "engine", "postgres", "download", "abandoned", "pack", "hung", "proc"] as const;
const only = new Set(values.only ? values.only.split(",").map((s) => s.trim()) : ALL);
const unknown = [...only].filter((name) => !(ALL as readonly string[]).includes(name));
if (unknown.length) {
  console.error(`unknown fault(s) ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
  process.exit(2);
}

const rows: FaultOutcome[] = [];
const checks: { stack: string; lost: NothingLost }[] = [];
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function withStack(name: string, agentEnv: Record<string, string>, run: (stack: FaultStack, groups: string[]) => Promise<void>) {
  log(`starting the ${name} stack (embedded PostgreSQL, engine, agent)`);
  const stack = await startFaultStack({ name: `bench-${name}`, agentEnv });
  const groups: string[] = [];
  try {
    await run(stack, groups);
    if (groups.length) {
      log(`${name}: checking that nothing was lost (next backups, restic check, lists)`);
      checks.push({ stack: name, lost: await verifyNothingLost(stack, groups) });
    }
  } finally {
    await stack.stop();
  }
}

const record = (row: FaultOutcome) => {
  rows.push(row);
  log(`${row.fault}: ${row.finalState} after ${row.recoverSecs} s (bound ${row.boundSecs} s)`);
};

if (["agent", "engine", "postgres"].some((f) => only.has(f))) {
  await withStack("process", {}, async (stack, groups) => {
    for (const which of ["agent", "engine", "postgres"] as const) {
      if (!only.has(which)) continue;
      log(`kill -9 of the ${which} during a backup and a restore`);
      const bound = which === "agent" ? 60 : 90;
      const o = await killDuringBackupAndRestore(stack, which, bound);
      groups.push(...o.groupIds);
      record({ ...o.backup, fault: `kill -9 ${which} during a backup` });
      record({ ...o.restore, fault: `kill -9 ${which} during a restore` });
    }
  });
}

if (["download", "abandoned", "pack"].some((f) => only.has(f))) {
  await withStack("requests", {}, async (stack, groups) => {
    const data = await dataset(stack, "requests", { "big.bin": 8 * 1024 * 1024, "small.txt": 2000 });
    groups.push(data.groupId);
    if (only.has("download")) record(await failedDownload(stack, data, 30));
    if (only.has("abandoned")) record(await abandonedDownload(stack, data, 60));
    if (only.has("pack")) record(await deletedPack(stack, data, 120));
  });
}

if (["hung", "proc"].some((f) => only.has(f))) {
  await withStack("tasks", { AGENT_MAX_TASKS: "1" }, async (stack, groups) => {
    const data = await dataset(stack, "tasks");
    groups.push(data.groupId);
    if (only.has("hung")) record(await hungRestoreTarget(stack, data, 30));
    if (only.has("proc")) record(await pseudoFsRestoreTarget(stack, data, 30));
  });
}

const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const header = `| ${cell("fault", 40)} | ${cell("final state", 12)} | recover (s) | bound (s) | within |`;
console.log(header);
console.log(`|${"-".repeat(42)}|${"-".repeat(14)}|-------------|-----------|--------|`);
for (const r of rows) {
  console.log(`| ${cell(r.fault, 40)} | ${cell(r.finalState, 12)} | ${String(r.recoverSecs).padStart(11)} | ${String(r.boundSecs).padStart(9)} | ${r.recoverSecs <= r.boundSecs ? "yes" : "NO"}     |`);
}
console.log("");
for (const { stack, lost } of checks) {
  const clean = lost.resticCheckOk && lost.unknownToEngine.length === 0 && lost.missingFromRepository.length === 0 && lost.succeededRunsWithoutSnapshot === 0;
  console.log(
    `${stack}: next runs ${lost.nextRuns.join(", ")}; restic check ${lost.resticCheckOk ? "clean" : "FAILED"}; ` +
      `snapshots unknown to the engine ${lost.unknownToEngine.length}, missing from the repository ${lost.missingFromRepository.length}; ` +
      `succeeded runs without a snapshot ${lost.succeededRunsWithoutSnapshot} → ${clean && lost.nextRuns.every((s) => s === "Succeeded") ? "nothing lost" : "SOMETHING LOST"}`,
  );
}
for (const r of rows) if (r.message) log(`${r.fault}: ${r.message}`);
if (values.json) await fs.writeFile(values.json, `${JSON.stringify({ rows, checks }, null, 2)}\n`);
