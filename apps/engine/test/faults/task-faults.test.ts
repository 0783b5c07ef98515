// Fault suite, part 3 (issue 12 items 4, 7): agent tasks that cannot go on. A restore whose restic
// hangs on its target and ignores SIGINT (a dead mount) is cancelled: the recovery goes through
// Canceling to Canceled within seconds (the agent kills restic, or abandons a task that still does
// not stop) and the host's next backup is not blocked. A restore into /proc is refused with a
// message at once. A group over a path that does not exist fails its object at once with the path in
// the message, although its policy retries 3 times 30 minutes apart (issue 12 item 5). Afterwards
// nothing is lost. Real processes, one stack for the file.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDED, startFaultStack, type FaultStack } from "./fault-stack.ts";
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

  it("a group over a path that does not exist fails at once, naming the path, without the policy's retries", { timeout: 300_000 }, async () => {
    const retrying = await stack.api.createProtectionPolicy({
      body: {
        name: "retry-3x30",
        backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 } } },
        retryOptions: { retries: 3, retryIntervalMins: 30 },
      } as never,
    });
    const gone = path.join(stack.tmp, "data", "no-such-folder");
    const group = await stack.api.createProtectionGroup({
      body: {
        name: "gone-path",
        policyId: retrying.id!,
        environment: "kPhysical",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: stack.hostId, filePaths: [{ includedPath: gone }] }] } },
      },
    });
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const run = await stack.waitRun(group.id!, (s) => ENDED.includes(s), 120_000);
    const info = run.localBackupInfo!;
    expect(info.status, (info.messages ?? []).join("; ")).toBe("Failed");
    const message = (info.messages ?? []).join("; ");
    expect(message).toContain(`${gone} does not exist`);
    expect(message).toContain("not retried: retrying cannot fix this");
    const attempts = await stack.withDb(async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "DataTask" t JOIN "ProtectionRun" r ON r.id = t."runId" WHERE t.type = 'backup' AND r.id = (SELECT max(id) FROM "ProtectionRun")`)).rows[0]!.n));
    expect(attempts).toBe(1);
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
