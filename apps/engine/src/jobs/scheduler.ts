// The scheduler sweep: starts the runs each active group's policy wants (incremental and full
// schedules — `full` or `fullBackups` — and ProtectOnce), delays them through blackout windows,
// records a `Missed` run for a slot that came while the group's previous run was still active, and
// releases backup retries whose retryIntervalMins has passed.
//
// Several engine processes may run this sweep (one at a time, src/jobs/sweeps.ts); each decision
// is also re-checked under the group's advisory lock, the same lock startRun takes, and the
// database allows one active run per group (a partial unique index), so a slot starts one run.
// When a run is due (slots in the group's time zone, blackout windows, full or incremental) is the
// policy model's rule: @lifeboat/policy dueRun, whose forward walk the portal's next-run line and
// preview use.
import type { ProtectionPolicyRequest } from "@lifeboat/contracts";
import { dueRun, isProtectOnce, type StartTime } from "@lifeboat/policy";
import type { EngineError } from "../errors.ts";
import type { ProtectionGroup } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";
import { startRun, ACTIVE_RUN } from "../areas/runs/start-run.ts";

const usecs = (d: Date) => BigInt(d.getTime()) * 1000n;
/** Same key as start-run.ts: serialises everything that starts or records a run of one group. */
const GROUP_LOCK_NAMESPACE = 7243;

export async function scheduleRuns(engine: EngineContext, now = new Date()): Promise<void> {
  await releaseDueRetries(engine, now);
  const groups = await engine.db.protectionGroup.findMany({ where: { isActive: true, isPaused: false, isDeleted: false }, include: { policy: true } });
  for (const group of groups) {
    try {
      await scheduleGroup(engine, group, group.policy.spec as unknown as ProtectionPolicyRequest, now);
    } catch (e) {
      engine.log.warn({ group: group.name, err: (e as EngineError).message }, "scheduled run not started");
    }
  }
}

async function scheduleGroup(engine: EngineContext, group: ProtectionGroup, policy: ProtectionPolicyRequest, now: Date) {
  const startTime = (group.spec as { startTime?: StartTime }).startTime;
  const decide = async (db: Pick<EngineContext["db"], "protectionRun">) => {
    const last = await db.protectionRun.findFirst({ where: { groupSeq: group.seq, trigger: "kScheduled" }, orderBy: { startTimeUsecs: "desc" } });
    const anyRun = isProtectOnce(policy) ? (await db.protectionRun.count({ where: { groupSeq: group.seq } })) > 0 : false;
    return dueRun(policy, { anchor: group.createdAt, startTime }, now, last?.startTimeUsecs ?? null, anyRun);
  };
  if (!(await decide(engine.db))) return;
  // Under the group's lock: still due? then either a Missed record, or go on to start the run.
  const outcome = await engine.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_LOCK_NAMESPACE}::int, ${Number(group.seq)}::int)`;
    const due = await decide(tx);
    if (!due) return null;
    const active = await tx.protectionRun.findFirst({ where: { groupSeq: group.seq, status: { in: ACTIVE_RUN } } });
    if (!active) return due;
    await tx.protectionRun.create({
      data: {
        groupSeq: group.seq, runType: due.full ? "kFull" : "kRegular", status: "Missed", trigger: "kScheduled",
        startTimeUsecs: usecs(due.slot), endTimeUsecs: usecs(now), isFull: due.full,
        message: `the run due at ${due.slot.toISOString()} was missed: run ${group.seq}:${active.startTimeUsecs} was still ${active.status}`,
      },
    });
    return null;
  });
  if (!outcome) return;
  // startRun takes the same lock and refuses (409) when a run became active meanwhile. A run that
  // another process started for this slot since has a later start time, so `decide` sees it.
  await startRun(engine, group, { runType: outcome.full ? "kFull" : "kRegular", full: outcome.full, trigger: "kScheduled" });
}

/** Backup retries wait (status Waiting) until notBefore = failure + retryIntervalMins. */
export async function releaseDueRetries(engine: EngineContext, now = new Date()): Promise<number> {
  const due = await engine.db.dataTask.findMany({ where: { status: "Waiting", notBefore: { lte: now } }, select: { id: true, connectorId: true } });
  let released = 0;
  for (const task of due) {
    const claimed = await engine.db.dataTask.updateMany({ where: { id: task.id, status: "Waiting" }, data: { status: "Pending" } });
    if (claimed.count !== 1) continue;
    released++;
    engine.notifier.notify(task.connectorId);
  }
  return released;
}
