// Fault suite, part 3 (issue 12 items 4, 7): agent tasks that cannot go on. A restore whose restic
// hangs on its target and ignores SIGINT (a dead mount) is cancelled: the recovery goes through
// Canceling to Canceled within seconds (the agent kills restic, or abandons a task that still does
// not stop) and the host's next backup is not blocked. A restore into /proc is refused with a
// message at once. Afterwards nothing is lost. Real processes, one stack for the file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultStack, type FaultStack } from "./fault-stack.ts";
import { dataset, hungRestoreTarget, pseudoFsRestoreTarget, verifyNothingLost, type Dataset } from "./scenarios.ts";

let stack: FaultStack;
let data: Dataset;

beforeAll(async () => {
  // One task at a time: the backup after the cancelled restore needs the restore's slot.
  stack = await startFaultStack({ name: "tasks", agentEnv: { AGENT_MAX_TASKS: "1" } });
  data = await dataset(stack, "tasks");
}, 300_000);
afterAll(async () => stack?.stop());

describe("agent tasks that cannot go on", () => {
  it("a restore hung on its target is cancelled: Canceled, and its slot is free for the next backup", { timeout: 300_000 }, async () => {
    const o = await hungRestoreTarget(stack, data, 30);
    expect(o.finalState, `${o.message}\n${stack.agentOutput().slice(-3000)}`).toBe("Canceled");
    const next = await verifyNothingLost(stack, [data.groupId]);
    expect(next.nextRuns).toEqual(["Succeeded"]);
  });

  it("a restore into /proc is refused with a message naming the target", { timeout: 300_000 }, async () => {
    const o = await pseudoFsRestoreTarget(stack, data, 30);
    expect(o.finalState, o.message).toBe("Failed");
    expect(o.message).toContain("/proc/lifeboat-restore is under /proc, a kernel pseudo-filesystem");
  });

  it("nothing is lost: restic check is clean, lists agree", { timeout: 600_000 }, async () => {
    const lost = await verifyNothingLost(stack, [data.groupId]);
    expect(lost.nextRuns).toEqual(["Succeeded"]);
    expect(lost.resticCheckOk, lost.resticCheckOutput).toBe(true);
    expect(lost.unknownToEngine).toEqual([]);
    expect(lost.missingFromRepository).toEqual([]);
    expect(lost.succeededRunsWithoutSnapshot).toBe(0);
  });
});
