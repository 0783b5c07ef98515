// Engine robustness with real processes: two engine processes on one database start a due
// scheduled run once; a task whose poll answer never reaches the agent is delivered again once,
// fails when lost twice, and fails with a clear message when its agent died right after delivery.
// The agent dials the engine through a real HTTP proxy (helpers/agent-proxy.ts) that can lose a poll
// answer carrying a backup task, gated on that answer itself (no timers). A single-file download
// asked of a second engine process gets the agent's upload relayed from the engine it dials.
import path from "node:path";
import { readFile, writeFile } from "node:fs/promises";
import pg from "pg";
import { createUpstreamClient } from "@lifeboat/upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentProxy, type AgentProxy } from "./helpers/agent-proxy.ts";
import { waitFor } from "./helpers/agent-process.ts";
import { registerHost } from "./helpers/agent-sim.ts";
import { createPolicyAndGroup, readAll, startStack, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

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
  (await stack.api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { startTimeUsecs: 0, numRuns: 100, includeObjectDetails: true } })).runs ?? [];

async function backupTaskOf(runId: string) {
  const [groupSeq, startUsecs] = runId.split(":");
  const r = await db.query<{ id: string; status: string; redeliveredAt: Date | null; message: string | null }>(
    `SELECT t.id, t.status, t."redeliveredAt", t.message FROM "DataTask" t JOIN "ProtectionRun" r ON r.id = t."runId"
      WHERE r."groupSeq" = $1 AND r."startTimeUsecs" = $2 AND t.type = 'backup' ORDER BY t.id`,
    [groupSeq, startUsecs],
  );
  return r.rows;
}

describe("engine robustness with real processes", () => {
  it("two engine processes on one database start a due scheduled run exactly once", { timeout: 240_000 }, async () => {
    // A task the first engine has out with an agent: a peer's start must not fail it (it is no
    // predecessor's task: the first engine is alive). The agent is a simulated one that does not
    // poll: the real agent's polls list the tasks it holds, and one it does not hold (this made-up
    // task) would be given up by its next poll, whatever the peer does.
    const connections = await stack.api.getDataSourceConnections({ query: {} });
    const regToken = await stack.api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: connections.connections![0]!.connectionId! } });
    await registerHost(stack.engine.url, regToken, `${stack.hostName}-quiet`);
    const connector = await db.query<{ id: string }>(`SELECT id FROM "Connector" WHERE "hostName" = $1`, [`${stack.hostName}-quiet`]);
    const theirs = await db.query<{ id: string }>(
      `INSERT INTO "DataTask" ("tenantId", "connectorId", type, status, params, "deliveredAt", "lastReportAt")
       VALUES ($1, $2, 'check', 'Running', '{}', now() - interval '1 minute', now()) RETURNING id`,
      [stack.engine.bootstrap.tenantId, connector.rows[0]!.id],
    );
    // Its (simulated) agent reports on it every second while the peer starts, as a live agent would.
    const reporting = setInterval(() => void db.query(`UPDATE "DataTask" SET "lastReportAt" = now() WHERE id = $1`, [theirs.rows[0]!.id]).catch(() => undefined), 1000);
    const peer = await stack.engine.startPeer().finally(() => clearInterval(reporting));
    try {
      const kept = await db.query<{ status: string; message: string | null }>(`SELECT status, message FROM "DataTask" WHERE id = $1`, [theirs.rows[0]!.id]);
      expect(kept.rows[0]!.status, kept.rows[0]!.message ?? "").toBe("Running");
      await db.query(`DELETE FROM "DataTask" WHERE id = $1`, [theirs.rows[0]!.id]);

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

  it("a single-file download asked of another engine process gets the agent's upload relayed to it", { timeout: 240_000 }, async () => {
    const src = path.join(stack.tmp, "relay");
    await writeTree(src, { "file.bin": 3 * 1024 * 1024 + 17 });
    const { group } = await createPolicyAndGroup(stack, "relay", src, {});
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    expect((await waitRun(stack.api, group.id!, undefined, 120_000)).localBackupInfo!.status).toBe("Succeeded");
    const snapshot = await waitFor("the indexed snapshot", async () =>
      (await stack.api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots?.find((s) => s.protectionGroupId === group.id && s.indexingStatus === "Done"),
    60_000);
    // The agent dials the first engine; the client asks the second one.
    const peer = await stack.engine.startPeer();
    try {
      const viaPeer = createUpstreamClient({
        serviceUrl: `${peer.url}/v2`,
        tenantId: stack.engine.bootstrap.tenantId,
        auth: { type: "iam", apiKey: stack.engine.bootstrap.apiKey, tokenUrl: `${peer.url}/identity/token` },
        retry: false,
      });
      const file = path.join(src, "file.bin");
      const original = await readFile(file);
      const whole = await readAll(await viaPeer.downloadIndexedFile({ pathParams: { snapshotsId: snapshot.id! }, query: { filePath: file } }));
      expect(whole.length).toBe(original.length);
      expect(Buffer.compare(whole, original)).toBe(0);
      const ranged = await readAll(await viaPeer.downloadIndexedFile({ pathParams: { snapshotsId: snapshot.id! }, query: { filePath: file, startOffset: 1_000_000, length: 1234 } }));
      expect(Buffer.compare(ranged, original.subarray(1_000_000, 1_001_234))).toBe(0);
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
    // The next tests need an agent again.
    const agent = stack.startAgent();
    await waitFor("the restarted agent", async () => (/connected to the engine/.test(agent.output()) ? true : undefined), 60_000);
  });
});

describe("policy semantics end to end", () => {
  const groupSeqOf = (groupId: string) => groupId.split(":")[2]!;

  it("retries a failed backup at most `retries` times, each retryIntervalMins after the failure", { timeout: 180_000 }, async () => {
    // A failure retrying can fix (a missing path fails at once, without retries): the agent's restic
    // cannot open the repository while this test runs.
    const src = path.join(stack.tmp, "retry-later");
    await writeTree(src, { "r.txt": 4096 });
    const outage = path.join(stack.tmp, "restic-outage");
    await writeFile(outage, `#!/bin/sh\nfor a in "$@"; do [ "$a" = backup ] && { echo "Fatal: unable to open repository: simulated outage" >&2; exit 1; }; done\nexec restic "$@"\n`, { mode: 0o755 });
    const normalRestic = stack.agentEnv.AGENT_RESTIC_BIN;
    await restartAgent({ AGENT_RESTIC_BIN: outage });
    try {
      await retriesOnce(src);
    } finally {
      await restartAgent({ AGENT_RESTIC_BIN: normalRestic });
    }
  });

  async function restartAgent(env: Record<string, string | undefined>) {
    await stack.agent.stop();
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete stack.agentEnv[key];
      else stack.agentEnv[key] = value;
    }
    const agent = stack.startAgent();
    await waitFor("the restarted agent", async () => (/connected to the engine/.test(agent.output()) ? true : undefined), 60_000);
  }

  async function retriesOnce(src: string) {
    const { group } = await createPolicyAndGroup(stack, "retry-later", src, {}, { retryOptions: { retries: 1, retryIntervalMins: 1 } });
    await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
    const tasksOf = async () =>
      (
        await db.query<{ id: string; status: string; notBefore: Date | null; endedAt: Date | null }>(
          `SELECT t.id, t.status, t."notBefore", t."endedAt" FROM "DataTask" t JOIN "ProtectionRun" r ON r.id = t."runId" WHERE r."groupSeq" = $1 AND t.type = 'backup' ORDER BY t.id`,
          [groupSeqOf(group.id!)],
        )
      ).rows;
    // The first attempt fails; the retry waits for its interval while the run stays active.
    const [first, retry] = await waitFor("the waiting retry", async () => {
      const rows = await tasksOf();
      return rows.length === 2 && rows[1]!.status === "Waiting" ? rows : undefined;
    }, 90_000);
    expect(first!.status).toBe("Failed");
    expect(retry!.notBefore!.getTime() - first!.endedAt!.getTime()).toBeGreaterThanOrEqual(59_000);
    const waiting = await waitRun(stack.api, group.id!, () => true);
    expect(["Accepted", "Running"]).toContain(waiting.localBackupInfo!.status);
    expect(JSON.stringify(await allRuns(group.id!))).toContain("retrying at");

    // The interval is over (moved instead of waited for): the scheduler sweep hands the retry out.
    await db.query(`UPDATE "DataTask" SET "notBefore" = now() WHERE id = $1`, [retry!.id]);
    const run = await waitRun(stack.api, group.id!, undefined, 90_000);
    expect(run.localBackupInfo!.status).toBe("Failed");
    expect((await tasksOf()).map((t) => t.status)).toEqual(["Failed", "Failed"]); // retries: 1 → two attempts
  }

  it("gives the week's first snapshot the extended retention (keep weekly for 4 weeks)", { timeout: 180_000 }, async () => {
    const src = path.join(stack.tmp, "weekly");
    await writeTree(src, { "w.txt": 4096 });
    const { group } = await createPolicyAndGroup(stack, "weekly", src, {}, {
      extendedRetention: [{ schedule: { unit: "Weeks", frequency: 1 }, retention: { unit: "Weeks", duration: 4 } }],
    });
    for (let i = 0; i < 2; i++) {
      await stack.api.createProtectionGroupRun({ pathParams: { id: group.id! }, body: { runType: "kRegular" } });
      const run = await waitRun(stack.api, group.id!, (s) => s !== "Accepted" && s !== "Running", 120_000);
      expect(run.localBackupInfo!.status, run.localBackupInfo!.messages?.join(" ")).toBe("Succeeded");
    }
    const snaps = (
      await db.query<{ ts: string; expiry: string }>(
        `SELECT s."timestampUsecs" AS ts, s."expiryTimeUsecs" AS expiry FROM "Snapshot" s JOIN "ProtectionRun" r ON r.id = s."runId" WHERE r."groupSeq" = $1 ORDER BY s."timestampUsecs"`,
        [groupSeqOf(group.id!)],
      )
    ).rows.map((r) => ({ ts: BigInt(r.ts), days: Number((BigInt(r.expiry) - BigInt(r.ts)) / 86_400_000_000n) }));
    expect(snaps).toHaveLength(2);
    expect(snaps[0]!.days).toBe(28);
    // The second run is the same ISO week's second snapshot (unless the runs straddled Monday 00:00 UTC).
    const monday = (usecs: bigint) => {
      const d = new Date(Number(usecs / 1000n));
      return Math.floor((d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000) / 86_400_000);
    };
    expect(snaps[1]!.days).toBe(monday(snaps[0]!.ts) === monday(snaps[1]!.ts) ? 7 : 28);
  });
});
