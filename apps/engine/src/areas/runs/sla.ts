// A run's SLA (reference §M.3 `sla: SlaRule[]`, §M.4 `localBackupInfo.isSlaViolated`): the group
// sets minutes per run type (kFull, kIncremental); a run breaches it when it ended — or, still
// going, has been going — longer than that. Groups without a rule for the run's type have no SLA.

interface SlaRule {
  backupRunType?: string;
  slaMinutes?: number;
}

/** SlaRule.backupRunType names kIncremental where runs say kRegular. */
const RULE_TYPE: Record<string, string> = { kRegular: "kIncremental", kFull: "kFull", kLog: "kLog" };

export function slaMinutesFor(groupSpec: unknown, runType: string, isFull = false): number | null {
  const rules = (groupSpec as { sla?: SlaRule[] } | null)?.sla;
  if (!Array.isArray(rules)) return null;
  const wanted = isFull ? "kFull" : (RULE_TYPE[runType] ?? runType);
  const rule = rules.find((r) => r.backupRunType === wanted && typeof r.slaMinutes === "number" && r.slaMinutes > 0);
  return rule ? rule.slaMinutes! : null;
}

export function isSlaViolated(
  groupSpec: unknown,
  run: { runType: string; isFull?: boolean; startTimeUsecs: bigint; endTimeUsecs: bigint | null },
  nowUsecs: bigint,
): boolean {
  const minutes = slaMinutesFor(groupSpec, run.runType, run.isFull ?? false);
  if (minutes === null) return false;
  const end = run.endTimeUsecs ?? nowUsecs;
  return end - run.startTimeUsecs > BigInt(minutes) * 60_000_000n;
}
