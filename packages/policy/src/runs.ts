// Which scheduled runs a group's policy starts (reference §M.2): the engine's scheduler decision
// (`dueRun`, asked at every sweep) and the same decision played forward (`scheduledRuns`, for the
// retention preview and the portal's next-run line). The rules:
// - a run is due when a slot of the incremental or a full schedule (`full`, every `fullBackups`
//   entry) has come since the group's last scheduled run; it is full when a full slot has;
// - inside a blackout window it waits; it starts when the window ends, as one run for every slot
//   that came meanwhile (slots are not queued);
// - ProtectOnce starts one full run as soon as the group exists and never another; the policy's
//   other schedules and blackout windows do not apply to it.
import { firstOutsideBlackout, inBlackout } from "./blackout.ts";
import { latestOfSlots, latestSlot, slotsAfter } from "./slots.ts";
import type { GroupClock, PolicyLike, Schedule } from "./types.ts";

export interface DueRun {
  slot: Date;
  full: boolean;
}

export interface ScheduledRun extends DueRun {
  /** When the run starts: the slot, or the end of the blackout window it fell in. */
  at: Date;
}

const usecs = (d: Date) => BigInt(d.getTime()) * 1000n;

export const isProtectOnce = (policy: PolicyLike) => policy.backupPolicy?.regular?.full?.schedule?.unit === "ProtectOnce";

function schedulesOf(policy: PolicyLike) {
  const regular = policy.backupPolicy?.regular;
  const full = [regular?.full?.schedule, ...(regular?.fullBackups ?? []).map((f) => f.schedule)].filter((s): s is Schedule => s !== undefined);
  return { incremental: regular?.incremental?.schedule as Schedule | undefined, full };
}

/**
 * The run a group's policy wants at `now`, or null (nothing due, held by a blackout window, or
 * already started): the engine's scheduler sweep asks this for every active group.
 */
export function dueRun(policy: PolicyLike, group: GroupClock, now: Date, lastScheduledUsecs: bigint | null, anyRun: boolean): DueRun | null {
  if (isProtectOnce(policy)) return anyRun ? null : { slot: now, full: true };
  const { incremental, full: fulls } = schedulesOf(policy);
  const fullSlot = latestOfSlots(fulls, group, now);
  const incSlot = latestSlot(incremental, group, now);
  const full = fullSlot !== null && (lastScheduledUsecs === null || usecs(fullSlot) > lastScheduledUsecs);
  const slot = full ? fullSlot : incSlot;
  if (!slot || (lastScheduledUsecs !== null && usecs(slot) <= lastScheduledUsecs)) return null;
  if (inBlackout(policy.blackoutWindow, now)) return null; // delayed: still due once the window ends
  return { slot, full };
}

/** A slot stream that can be read up to an instant. */
function cursor(slots: Generator<Date>) {
  let head = slots.next();
  return {
    peek: (): Date | null => (head.done ? null : head.value),
    /** Consumes the slots at or before `t`; the last of them, or null. */
    takeUntil(t: number): Date | null {
      let last: Date | null = null;
      while (!head.done && head.value.getTime() <= t) {
        last = head.value;
        head = slots.next();
      }
      return last;
    },
  };
}

export interface RunsFrom {
  /** The first instant a run may start (default: the group's creation). */
  from?: Date | undefined;
  /** Start of the group's last scheduled run: slots up to it are spent. */
  lastScheduledAt?: Date | null | undefined;
  /** Whether the group has run at all (ProtectOnce runs only once). */
  anyRun?: boolean | undefined;
}

/**
 * The scheduled runs of a group from `from` on, earliest first and without end (the caller
 * stops), as the engine starts them when every run finishes before the next slot.
 */
export function* scheduledRuns(policy: PolicyLike, group: GroupClock, opts: RunsFrom = {}): Generator<ScheduledRun> {
  const from = opts.from ?? group.anchor;
  if (isProtectOnce(policy)) {
    if (!opts.anyRun && !opts.lastScheduledAt) yield { at: from, slot: from, full: true };
    return;
  }
  const { incremental, full } = schedulesOf(policy);
  const spent = opts.lastScheduledAt ?? group.anchor;
  const inc = cursor(slotsAfter(incremental, group, spent));
  const fulls = full.map((s) => cursor(slotsAfter(s, group, spent)));
  let clock = from.getTime();
  for (;;) {
    const next = [inc, ...fulls].map((c) => c.peek()).filter((d): d is Date => d !== null);
    if (next.length === 0) return;
    const due = Math.max(clock, Math.min(...next.map((d) => d.getTime())));
    const at = firstOutsideBlackout(policy.blackoutWindow, new Date(due));
    if (!at) return;
    // At `at` the engine takes the latest slot of each schedule; a full one makes the run full.
    const fullSlot = fulls.map((c) => c.takeUntil(at.getTime())).reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);
    const incSlot = inc.takeUntil(at.getTime());
    yield { at, slot: (fullSlot ?? incSlot)!, full: fullSlot !== null };
    clock = at.getTime() + 1;
  }
}

export type NextRun = { kind: "at"; at: Date; full: boolean } | { kind: "paused" } | { kind: "none"; reason: string };

export interface NextRunInput {
  policy: PolicyLike | null | undefined;
  isPaused?: boolean | undefined;
  /** When the group was created; unknown upstreams: the last run's start stands in for it. */
  createdAt?: Date | null | undefined;
  startTime?: GroupClock["startTime"];
  /** Start of the group's last run, if any. */
  lastRunAt?: Date | null | undefined;
  now: Date;
}

/** Looked ahead at most this far: a yearly schedule's next slot is always within it. */
const HORIZON_MS = 400 * 86_400_000;

/** When a group's next scheduled run starts (at or before `now`: it is due now). */
export function nextRun({ policy, isPaused, createdAt, startTime, lastRunAt, now }: NextRunInput): NextRun {
  if (isPaused) return { kind: "paused" };
  if (!policy) return { kind: "none", reason: "policy unknown" };
  if (isProtectOnce(policy) && lastRunAt) return { kind: "none", reason: "protect once: no further runs" };
  const group = { anchor: createdAt ?? lastRunAt ?? now, startTime };
  const next = scheduledRuns(policy, group, { from: now, lastScheduledAt: lastRunAt ?? null, anyRun: Boolean(lastRunAt) }).next();
  if (next.done || next.value.at.getTime() - now.getTime() > HORIZON_MS) {
    const { incremental, full } = schedulesOf(policy);
    return { kind: "none", reason: incremental || full.length ? "no run within a year (blackout windows cover the schedule)" : "no schedule" };
  }
  return { kind: "at", at: next.value.at, full: next.value.full };
}

/** How far ahead longestRunGapMs looks, and at most how many runs it walks. */
const GAP_WINDOW_MS = 62 * 86_400_000;
const GAP_MAX_RUNS = 500;

/**
 * The longest wait between two scheduled runs of a group over the next two months, as the
 * scheduler starts them (time zone, blackout windows, full and incremental schedules): what "no
 * backup for longer than its schedule allows" is measured against. Null for a policy that runs
 * fewer than twice in that window (ProtectOnce, no schedule, blackout windows covering it).
 */
export function longestRunGapMs(policy: PolicyLike, group: GroupClock, now: Date): number | null {
  const runs = scheduledRuns(policy, group, { from: now, lastScheduledAt: now, anyRun: true });
  const end = now.getTime() + GAP_WINDOW_MS;
  let previous: number | null = null;
  let longest: number | null = null;
  for (let i = 0; i < GAP_MAX_RUNS; i++) {
    const next = runs.next();
    if (next.done) break;
    const at = next.value.at.getTime();
    if (previous !== null) longest = Math.max(longest ?? 0, at - previous);
    if (at > end) break;
    previous = at;
  }
  return longest;
}
