// Housekeeping against a real database: expired idempotency keys, sign-in rate-limit counters,
// sessions and verification tokens are deleted; live ones stay. The scheduler runs a purge at
// start and on demand, logs what it removed, and stops cleanly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredRows, startHousekeeping, type ApiLog } from "../../src/index.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb("housekeeping");
});
afterAll(async () => t?.close());

const NOW = new Date("2026-06-01T12:00:00Z");
const before = new Date(NOW.getTime() - 60_000);
const after = new Date(NOW.getTime() + 60_000);

async function seed(tag: string) {
  const user = await t.db.user.create({ data: { email: `hk-${tag}@example.test` }, select: { id: true } });
  const key = (name: string, expiresAt: Date) => ({
    userId: user.id, workspaceId: "w", procedure: "policy.create", key: `${tag}-${name}`, inputHash: "h", state: "done", expiresAt,
  });
  await t.db.idempotencyKey.createMany({ data: [key("old", before), key("old-pending", before), key("live", after)] });
  await t.db.rateLimiterFlexible.createMany({
    data: [
      { key: `${tag}-old`, points: 3, expire: before },
      { key: `${tag}-live`, points: 1, expire: after },
      { key: `${tag}-forever`, points: 1, expire: null },
    ],
  });
  await t.db.session.createMany({
    data: [
      { sessionToken: `${tag}-old`, userId: user.id, expires: before },
      { sessionToken: `${tag}-live`, userId: user.id, expires: after },
    ],
  });
  await t.db.verificationToken.createMany({
    data: [
      { identifier: "a", token: `${tag}-old`, expires: before },
      { identifier: "a", token: `${tag}-live`, expires: after },
    ],
  });
}

async function remaining(tag: string) {
  const mine = { startsWith: tag };
  return {
    keys: (await t.db.idempotencyKey.findMany({ where: { key: mine }, select: { key: true } })).map((r) => r.key).sort(),
    limits: (await t.db.rateLimiterFlexible.findMany({ where: { key: mine }, select: { key: true } })).map((r) => r.key).sort(),
    sessions: (await t.db.session.findMany({ where: { sessionToken: mine }, select: { sessionToken: true } })).map((r) => r.sessionToken),
    tokens: (await t.db.verificationToken.findMany({ where: { token: mine }, select: { token: true } })).map((r) => r.token),
  };
}

describe("housekeeping", () => {
  it("deletes expired rows of every kind and keeps the live ones", async () => {
    await seed("a");
    const report = await purgeExpiredRows(t.db, NOW);
    expect(report).toEqual({ idempotencyKeys: 2, rateLimitCounters: 1, sessions: 1, verificationTokens: 1 });
    expect(await remaining("a")).toEqual({ keys: ["a-live"], limits: ["a-forever", "a-live"], sessions: ["a-live"], tokens: ["a-live"] });
    expect(await purgeExpiredRows(t.db, NOW)).toEqual({ idempotencyKeys: 0, rateLimitCounters: 0, sessions: 0, verificationTokens: 0 });
  });

  it("purges at start and on demand, logs what it removed, and stops", async () => {
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const log: ApiLog = { info: (message, fields) => lines.push({ message, fields }), warn: () => {}, error: (message, fields) => lines.push({ message, fields }) };
    await seed("b");
    const later = new Date(NOW.getTime() + 120_000); // also past the "live" rows of seed("a")
    const handle = startHousekeeping({ db: t.db, log, intervalMs: 3_600_000, now: () => NOW });
    const first = await handle.runNow(); // queued behind the purge at start, which took everything
    expect(first).toEqual({ idempotencyKeys: 0, rateLimitCounters: 0, sessions: 0, verificationTokens: 0 });
    expect(lines).toEqual([{ message: "housekeeping: purged expired rows", fields: { idempotencyKeys: 2, rateLimitCounters: 1, sessions: 1, verificationTokens: 1 } }]);
    expect(await remaining("b")).toEqual({ keys: ["b-live"], limits: ["b-forever", "b-live"], sessions: ["b-live"], tokens: ["b-live"] });
    await handle.stop();
    expect(await handle.runNow()).toBeNull();
    expect((await purgeExpiredRows(t.db, later)).idempotencyKeys).toBe(2);
  });

  it("refuses a nonsensical interval", () => {
    expect(() => startHousekeeping({ db: t.db, log: { info() {}, warn() {}, error() {} }, intervalMs: 10 })).toThrow(/intervalMs must be an integer ≥ 1000/);
  });
});
