// What the alert job remembers between evaluations (AlertObservation rows): since when a fingerprint
// has held, per connection and key. "run-progress:<group>/<run>" → the progress of a running run
// (stalled when unchanged for N minutes), "connector:<id>" → connected or not, "object:<id>" → when
// an object was first seen protected. Keys under a prefix that are no longer observed are removed.
import type { Db } from "../db.ts";

export interface Observed {
  key: string;
  fingerprint: string;
}

/**
 * Records `entries` under `prefix` for one connection and returns, per key, since when its
 * fingerprint has held (now for a new key or a changed fingerprint).
 */
export async function observe(db: Db, connectionId: string, prefix: string, entries: Observed[], now: Date): Promise<Map<string, Date>> {
  const stored = await db.alertObservation.findMany({
    where: { connectionId, key: { startsWith: prefix } },
    select: { key: true, fingerprint: true, changedAt: true },
  });
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const wanted = new Set(entries.map((e) => e.key));
  const since = new Map<string, Date>();
  const fresh: Observed[] = [];
  const changed: Observed[] = [];
  for (const e of entries) {
    const old = byKey.get(e.key);
    if (!old) fresh.push(e);
    else if (old.fingerprint !== e.fingerprint) changed.push(e);
    since.set(e.key, old && old.fingerprint === e.fingerprint ? old.changedAt : now);
  }
  if (fresh.length > 0) {
    await db.alertObservation.createMany({
      data: fresh.map((e) => ({ connectionId, key: e.key, fingerprint: e.fingerprint, changedAt: now, seenAt: now })),
      skipDuplicates: true,
    });
  }
  for (const e of changed) {
    await db.alertObservation.update({
      where: { connectionId_key: { connectionId, key: e.key } },
      data: { fingerprint: e.fingerprint, changedAt: now, seenAt: now },
    });
  }
  const gone = stored.filter((s) => !wanted.has(s.key)).map((s) => s.key);
  if (gone.length > 0) await db.alertObservation.deleteMany({ where: { connectionId, key: { in: gone } } });
  return since;
}

/** The previous fingerprints under a prefix (for change detection), without touching them. */
export async function previousFingerprints(db: Db, connectionId: string, prefix: string): Promise<Map<string, string>> {
  const rows = await db.alertObservation.findMany({ where: { connectionId, key: { startsWith: prefix } }, select: { key: true, fingerprint: true } });
  return new Map(rows.map((r) => [r.key, r.fingerprint]));
}
