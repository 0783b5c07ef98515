// Fault suite, part 1 (issue 12 item 7): kill -9 of the agent, the engine and PostgreSQL, each while
// a backup and a restore are both moving data, with real processes (engine, agent, restic, an
// embedded PostgreSQL of this file's own). Each fault ends in a clear final state by itself within
// its stated bound (README, "What survives what"), and afterwards nothing is lost: the next backup of
// every group succeeds, `restic check` is clean, and the engine lists exactly the repository's
// snapshots. One stack for the whole file; the bounds are waits, the times are bench/faults.ts's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultStack, type FaultStack } from "./fault-stack.ts";
import { killDuringBackupAndRestore, verifyNothingLost } from "./scenarios.ts";

let stack: FaultStack;
const groups: string[] = [];

beforeAll(async () => {
  stack = await startFaultStack({ name: "process" });
}, 300_000);
afterAll(async () => stack?.stop());

const BOUND_SECS = { agent: 60, engine: 90, postgres: 90 };

describe("kill -9 during a backup and a restore", () => {
  it("agent: both end Failed at once when the agent comes back, saying it restarted", { timeout: 600_000 }, async () => {
    const o = await killDuringBackupAndRestore(stack, "agent", BOUND_SECS.agent);
    groups.push(...o.groupIds);
    expect(o.backup.finalState, o.backup.message).toBe("Failed");
    expect(o.backup.message).toContain("agent restarted during the task");
    expect(o.restore.finalState, o.restore.message).toBe("Failed");
    expect(o.restore.message).toContain("agent restarted during the task");
  });

  it("engine: the agent finishes both and reports them to the restarted engine; the backup's snapshot is listed", { timeout: 600_000 }, async () => {
    const o = await killDuringBackupAndRestore(stack, "engine", BOUND_SECS.engine);
    groups.push(...o.groupIds);
    expect(o.backup.finalState, `${o.backup.message}\n${stack.engineOutput().slice(-3000)}`).toBe("Succeeded");
    expect(o.restore.finalState, o.restore.message).toBe("Succeeded");
    expect(o.restore.restoredIdentical).toBe(true);
  });

  it("PostgreSQL: the engine stays up, the agent's reports wait for the database, both succeed", { timeout: 600_000 }, async () => {
    const o = await killDuringBackupAndRestore(stack, "postgres", BOUND_SECS.postgres);
    groups.push(...o.groupIds);
    expect(stack.engineAlive).toBe(true);
    expect(o.backup.finalState, o.backup.message).toBe("Succeeded");
    expect(o.restore.finalState, o.restore.message).toBe("Succeeded");
    expect(o.restore.restoredIdentical).toBe(true);
  });

  it("nothing is lost: every group backs up again, restic check is clean, the engine lists the repository's snapshots", { timeout: 900_000 }, async () => {
    expect(groups.length).toBe(6);
    const lost = await verifyNothingLost(stack, groups);
    expect(lost.nextRuns).toEqual(groups.map(() => "Succeeded"));
    expect(lost.resticCheckOk, lost.resticCheckOutput).toBe(true);
    expect(lost.unknownToEngine).toEqual([]);
    expect(lost.missingFromRepository).toEqual([]);
    expect(lost.succeededRunsWithoutSnapshot).toBe(0);
  });
});
