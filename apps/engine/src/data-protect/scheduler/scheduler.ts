// The scheduler sweep: starts the runs each active group's policy wants (incremental and full
// schedules, ProtectOnce), delays them through blackout windows, and records a `Missed` run for a
// slot that came while the group's previous run was still active (at most one active run per group).
import type { EngineError } from "../../errors.ts";
import type { PolicySpec } from "../../services/policy-validation.ts";
import type { DataProtect } from "../context.ts";
import { startRun, ACTIVE_RUN } from "../runs/start-run.ts";
import { inBlackout, isProtectOnce, latestSlot } from "./schedule.ts";

const usecs = (d: Date) => BigInt(d.getTime()) * 1000n;

export async function scheduleRuns(dp: DataProtect, now = new Date()): Promise<void> {
  const groups = await dp.db.protectionGroup.findMany({ where: { isActive: true, isPaused: false, isDeleted: false }, include: { policy: true } });
  for (const group of groups) {
    const policy = group.policy.spec as unknown as PolicySpec;
    const startTime = (group.spec as { startTime?: { hour: number; minute: number } }).startTime;
    const last = await dp.db.protectionRun.findFirst({ where: { groupSeq: group.seq, trigger: "kScheduled" }, orderBy: { startTimeUsecs: "desc" } });
    let full = false;
    let slot: Date | null;
    if (isProtectOnce(policy)) {
      const any = await dp.db.protectionRun.count({ where: { groupSeq: group.seq } });
      slot = any === 0 ? now : null;
      full = true;
    } else {
      const fullSlot = latestSlot(policy.backupPolicy.regular.full?.schedule, group.createdAt, now, startTime);
      const incSlot = latestSlot(policy.backupPolicy.regular.incremental?.schedule, group.createdAt, now, startTime);
      full = fullSlot !== null && (last === null || usecs(fullSlot) > last.startTimeUsecs);
      slot = full ? fullSlot : incSlot;
    }
    if (!slot || (last && usecs(slot) <= last.startTimeUsecs)) continue;
    if (inBlackout(policy, now)) continue; // delayed: still due once the window ends
    const active = await dp.db.protectionRun.findFirst({ where: { groupSeq: group.seq, status: { in: ACTIVE_RUN } } });
    if (active) {
      await dp.db.protectionRun.create({
        data: {
          groupSeq: group.seq, runType: full ? "kFull" : "kRegular", status: "Missed", trigger: "kScheduled",
          startTimeUsecs: usecs(slot), endTimeUsecs: usecs(now), isFull: full,
          message: `the run due at ${slot.toISOString()} was missed: run ${group.seq}:${active.startTimeUsecs} was still ${active.status}`,
        },
      });
      continue;
    }
    try {
      await startRun(dp, group, { runType: full ? "kFull" : "kRegular", full, trigger: "kScheduled" });
    } catch (e) {
      dp.log.warn({ group: group.name, err: (e as EngineError).message }, "scheduled run not started");
    }
  }
}
