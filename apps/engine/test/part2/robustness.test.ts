// Engine part 2 robustness with real processes: two engine processes on one database start a due
// scheduled run once; a task whose poll answer never reaches the agent is delivered again once,
// fails when lost twice, and fails with a clear message when its agent died right after delivery.
// The agent dials the engine through a real HTTP proxy (agent-proxy.ts) that can lose a poll
// answer carrying a backup task, gated on that answer itself (no timers).
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentProxy, type AgentProxy } from "./agent-proxy.ts";
import { createPolicyAndGroup, startStack, waitRun, writeTree, type Stack } from "./stack.ts";

let stack: Stack;
let proxy: AgentProxy;
let db: pg.Client;

beforeAll(async () => {
  proxy = await startAgentProxy();
  stack = await startStack("robust", { ENGINE_TASK_DELIVERY_TIMEOUT_SECS: "3" }, {}, {
    agentEngineUrl: (engineUrl) => {
      proxy.target = engineUrl;
      return proxy.url;
    },
  });
  db = new pg.Client({ connectionString: stack.engine.databaseUrl });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await proxy?.close();
});

const allRuns = async (groupId: string) =>
  (await stack.api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { startTimeUsecs: 0, numRuns: 100 } })).runs ?? [];

async function backupTaskOf(runId: string) {
  const [groupSeq, startUsecs] = runId.split(":");
  const r = await db.query<{ id: string; status: string; redeliveredAt: Date | null; message: string | null }>(
    `SELECT t.id, t.status, t."redeliveredAt", t.message FROM "DataTask" t JOIN "ProtectionRun" r ON r.id = t."runId"
      WHERE r."groupSeq" = $1 AND r."startTimeUsecs" = $2 AND t.type = 'backup' ORDER BY t.id`,
    [groupSeq, startUsecs],
  );
  return r.rows;
}

describe("engine part 2 robustness", () => {
  it("two engine processes on one database start a due scheduled run exactly once", { timeout: 240_000 }, async () => {
    const peer = await stack.engine.startPeer();
    try {
      const src = path.join(stack.tmp, "sched");
      await writeTree(src, { "a.txt": 4096 });
      // One backup first creates the tenant's repository: concurrent first backups into a fresh
      // repository race in `restic init` on the agent (an agent-side gap: restic init is not serialised per repository).
      const init = await createPolicyAndGroup(stack, "init-repository", src, {});
      await stack.api.createProtectionGroupRun({ pathParams: { id: init.group.id! }, body: { runType: "kRegular" } });
      expect((await waitRun(stack.api, init.group.id!, undefined, 120_000)).localBackupInfo!.status).toBe("Succeeded");
      const names = ["two-engines-1", "two-engines-2", "two-engines-3"];
      const groups = [];
      for (const name of names) {
        groups.push((await createPolicyAndGroup(stack, name, src, { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 1 } } } })).group);
      }
      // Created 61 minutes ago: the hourly slot 60 minutes after creation is due now, for all three
      // groups at once, in both engines' scheduler sweeps (each engine sweeps every second).
      const moved = await db.query(`UPDATE "ProtectionGroup" SET "createdAt" = now() - interval '61 minutes' WHERE name = ANY($1)`, [names]);
      expect(moved.rowCount).toBe(3);
      for (const g of groups) {
        const run = await waitRun(stack.api, g.id!, undefined, 180_000);
        expect([run.localBackupInfo!.status, run.localBackupInfo!.messages ?? []]).toEqual(["Succeeded", []]);
      }
      for (const g of groups) {
        const runs = await allRuns(g.id!);
        expect(runs.map((r) => r.localBackupInfo!.status)).toEqual(["Succeeded"]);
      }

      // The database itself allows one active run per group.
      const seq = groups[0]!.id!.split(":")[2]!;
      const insert = (start: number) =>
        db.query(`INSERT INTO "ProtectionRun" ("groupSeq", "runType", status, "startTimeUsecs") VALUES ($1, 'kRegular', 'Accepted', $2) RETURNING id`, [seq, start]);
      const first = await insert(1);
      await expect(insert(2)).rejects.toMatchObject({ code: "23505", constraint: "ProtectionRun_one_active_per_group" });
      await db.query(`DELETE FROM "ProtectionRun" WHERE id = $1`, [first.rows[0]!.id]);
    } finally {
      await peer.stop();
    }
  });

  it("delivers a task again once when its poll answer was lost, and the run succeeds", { timeout: 180_000 }, async () => {
    const src = path.join(stack.tmp, "lost-once");
    await writeTree(src, { "b.txt": 4096 });
    const { group } = await createPolicyAndGroup(stack, "lost-once", src, {});
    proxy.dropTasks("backup", 1);
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const run = await waitRun(stack.api, group.id!, undefined, 120_000);
    expect([run.localBackupInfo!.status, run.localBackupInfo!.messages ?? []]).toEqual(["Succeeded", []]);
    const tasks = await backupTaskOf(run.id!);
    expect(tasks).toHaveLength(1);
    expect(proxy.dropped).toEqual([tasks[0]!.id]);
    expect(tasks[0]).toMatchObject({ status: "Succeeded", redeliveredAt: expect.any(Date) });
  });

  it("fails the run with a clear message when the task is lost twice", { timeout: 180_000 }, async () => {
    const src = path.join(stack.tmp, "lost-twice");
    await writeTree(src, { "c.txt": 4096 });
    const { group } = await createPolicyAndGroup(stack, "lost-twice", src, {});
    proxy.dropTasks("backup", 2);
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const run = await waitRun(stack.api, group.id!, undefined, 120_000);
    expect(run.localBackupInfo!.status).toBe("Failed");
    expect(run.localBackupInfo!.messages!.join(" ")).toContain(`agent ${stack.hostName} stopped answering: it received the backup task twice`);
    const tasks = await backupTaskOf(run.id!);
    expect(tasks.map((t) => t.status)).toEqual(["Failed"]);
    expect(proxy.dropped.slice(-2)).toEqual([tasks[0]!.id, tasks[0]!.id]);
  });

  it("fails the run when the agent dies right after the task was delivered (never stuck Delivered)", { timeout: 180_000 }, async () => {
    const src = path.join(stack.tmp, "killed");
    await writeTree(src, { "d.txt": 4096 });
    const { group } = await createPolicyAndGroup(stack, "killed", src, {});
    proxy.dropTasks("backup", 1, () => stack.agent.kill());
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const run = await waitRun(stack.api, group.id!, undefined, 120_000);
    expect(await stack.agent.exited).not.toBe(0);
    expect(run.localBackupInfo!.status).toBe("Failed");
    expect(run.localBackupInfo!.messages!.join(" ")).toContain(`agent ${stack.hostName} stopped answering`);
    const tasks = await backupTaskOf(run.id!);
    expect(tasks).toMatchObject([{ status: "Failed", redeliveredAt: expect.any(Date) }]);
  });
});
