// The N-day retention preview: how many snapshots a policy keeps over the next days and until
// when, so the editor shows the consequence of a schedule before it is saved. It plays the engine's
// own rules forward (runs.ts, retention.ts) for a group created at `start` protecting one object:
// every run succeeds at once and makes one snapshot; blackout windows delay runs as the scheduler
// does; each snapshot expires as the engine expires it, extended retention included.
import { extendedKeptUntil, snapshotRetention, type SnapshotFact } from "./retention.ts";
import { scheduledRuns } from "./runs.ts";
import { zoneOf } from "./slots.ts";
import { DAY_MS } from "./units.ts";
import type { GroupClock, PolicyLike } from "./types.ts";

export interface RetentionPreview {
  /** Snapshots that exist at `start + d days`, for d = 0..days. */
  points: { day: number; at: Date; count: number }[];
  /** Runs (snapshots taken) in the window. */
  taken: number;
  peak: number;
  /** Snapshots that exist at the end of the window. */
  atEnd: number;
  /** When the last snapshot still kept at the end of the window expires (null: none, or kept until deleted). */
  keptUntil: Date | null;
  /** Snapshots kept at the end of the window without an expiry (the policy sets no retention). */
  keptForever: number;
}

/** The runs of a group created at `group.anchor` until `end`. */
export function runsUntil(policy: PolicyLike, group: GroupClock, end: Date) {
  const out = [];
  for (const run of scheduledRuns(policy, group)) {
    if (run.at > end) break;
    out.push(run);
  }
  return out;
}

export function retentionPreview(policy: PolicyLike, group: GroupClock, days = 90): RetentionPreview {
  const t0 = group.anchor.getTime();
  const end = t0 + days * DAY_MS;
  const runs = runsUntil(policy, group, new Date(end));
  const snaps: SnapshotFact[] = runs.map((r) => ({ timestampUsecs: BigInt(r.at.getTime()) * 1000n, isFull: r.full }));
  const extended = extendedKeptUntil(policy.extendedRetention, snaps, zoneOf(group.startTime));
  const until = snaps.map((s, i) => {
    const regular = snapshotRetention(policy, s).expiryTimeUsecs;
    const ext = extended[i] ?? null;
    const usecs = regular === null ? null : ext !== null && ext > regular ? ext : regular;
    return usecs === null ? Infinity : Number(usecs / 1000n);
  });
  // Counting by difference: +1 at the first point a snapshot exists, −1 at the first one it is gone.
  const delta = new Array<number>(days + 2).fill(0);
  const pointAtOrAfter = (ms: number) => Math.min(days + 1, Math.max(0, Math.ceil((ms - t0) / DAY_MS)));
  runs.forEach((r, i) => {
    delta[pointAtOrAfter(r.at.getTime())]!++;
    const gone = until[i]!;
    // Exists while at < expiry: gone from the first point at or after the expiry.
    if (gone !== Infinity) delta[pointAtOrAfter(gone)]!--;
  });
  const points: RetentionPreview["points"] = [];
  let count = 0;
  for (let day = 0; day <= days; day++) {
    count += delta[day]!;
    points.push({ day, at: new Date(t0 + day * DAY_MS), count });
  }
  let keptUntil = -Infinity;
  let keptForever = 0;
  for (const u of until) {
    if (u === Infinity) keptForever++;
    else if (u > end && u > keptUntil) keptUntil = u;
  }
  return {
    points,
    taken: runs.length,
    peak: points.reduce((max, p) => Math.max(max, p.count), 0),
    atEnd: points.at(-1)?.count ?? 0,
    keptUntil: keptUntil === -Infinity ? null : new Date(keptUntil),
    keptForever,
  };
}
