// rate-limiter-flexible's RateLimiterPrisma over the migration-managed "RateLimiterFlexible" table,
// with its upsert made atomic.
//
// Why this store: it keeps limiter state in the portal database we already migrate and connect
// to (no second pool, no table created at runtime as RateLimiterPostgres does), and it survives
// restarts and several web processes, which an in-memory limiter would not.
// Why the override: the stock `_upsert` reads the row and then writes it inside an interactive
// transaction at READ COMMITTED, so parallel attempts lose increments (or collide on create) —
// exactly what a parallel password-guessing run produces. One INSERT … ON CONFLICT … RETURNING
// counts every attempt, in one round trip.
import { RateLimiterPrisma, type IRateLimiterStoreNoAutoExpiryOptions } from "rate-limiter-flexible";
import type { Db } from "../db.ts";

interface LimiterRow {
  points: number;
  expire: Date | null;
}

export class AtomicRateLimiterPrisma extends RateLimiterPrisma {
  readonly #db: Db;

  constructor(opts: Omit<IRateLimiterStoreNoAutoExpiryOptions, "storeClient"> & { db: Db }) {
    const { db, ...rest } = opts;
    super({ ...rest, storeClient: db, tableName: "rateLimiterFlexible" });
    this.#db = db;
  }

  /** Same semantics as the stock implementation: a new window starts when the old one expired. */
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<LimiterRow> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const rows = await this.#db.$queryRaw<LimiterRow[]>`
      INSERT INTO "RateLimiterFlexible" ("key", "points", "expire")
      VALUES (${key}, ${points}, ${expire})
      ON CONFLICT ("key") DO UPDATE SET
        "points" = CASE
          WHEN ${forceExpire} OR "RateLimiterFlexible"."expire" IS NULL
            OR "RateLimiterFlexible"."expire" <= ${now} OR ${expire === null}
          THEN EXCLUDED."points"
          ELSE "RateLimiterFlexible"."points" + EXCLUDED."points" END,
        "expire" = CASE
          WHEN ${forceExpire} OR "RateLimiterFlexible"."expire" IS NULL
            OR "RateLimiterFlexible"."expire" <= ${now} OR ${expire === null}
          THEN EXCLUDED."expire"
          ELSE "RateLimiterFlexible"."expire" END
      RETURNING "points", "expire"`;
    const row = rows[0];
    if (!row) throw new Error("rate limiter upsert returned no row");
    return row;
  }
}
