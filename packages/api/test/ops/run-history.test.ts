// protectionGroup.run.history over a real PostgreSQL holding 5,000 synced runs (plus another
// connection's): every sort in both directions paged to the end equals the expected total order
// (so no duplicate and no gap across pages), filters match exactly, and a cursor used with another
// sort or other filters is refused with a message saying so.
import { encryptSecret } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

const RUNS = 5_000;
const GROUPS = 40;
const NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike"];
const STATUSES = ["Succeeded", "SucceededWithWarning", "Failed", "Running", "Canceled", "Missed"];
const SORTS = ["startedAt", "endedAt", "duration", "bytesWritten", "status", "groupName"] as const;
type Sort = (typeof SORTS)[number];

interface Seed {
  groupId: string;
  groupName: string;
  runId: string;
  status: string;
  runType: string;
  startedAt: Date | null;
  endedAt: Date | null;
  bytesWritten: bigint;
  slaViolated: boolean;
}

let t: TestDb;
let cast: Cast;
const seeds: Seed[] = [];
const base = Date.UTC(2026, 9, 1);

// A small deterministic generator, so a failure reproduces.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  t = await openTestDb("run_history");
  cast = await createCast(t.db);
  const conn = (name: string) =>
    t.db.upstreamConnection.create({
      data: { name, kind: "engine", serviceUrl: "http://127.0.0.1:9/v2", iamTokenUrl: "http://127.0.0.1:9/identity/token", tenantId: "t/", apiKeyCiphertext: encryptSecret("k") },
      select: { id: true },
    });
  const main = (await conn("history-main")).id;
  const other = (await conn("history-other")).id;
  await t.db.workspace.update({ where: { id: cast.workspaceId }, data: { connectionId: main } });

  const r = rng(7);
  for (let i = 0; i < RUNS; i++) {
    const g = Math.floor(r() * GROUPS);
    const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
    // Whole minutes, so many runs share a start time and the tiebreak decides; a few have none.
    const startedAt = r() < 0.01 ? null : new Date(base + Math.floor(r() * 20_000) * 60_000);
    const endedAt = status === "Running" || !startedAt ? null : new Date(startedAt.getTime() + Math.floor(r() * 120) * 60_000 + Math.floor(r() * 1000));
    seeds.push({
      groupId: `7:1:${100 + g}`,
      groupName: NAMES[g % NAMES.length]!,
      runId: `${g}:${1_700_000_000_000 + i}`,
      status,
      runType: r() < 0.2 ? "kFull" : "kRegular",
      startedAt,
      endedAt,
      // Few distinct values: ties everywhere.
      bytesWritten: BigInt(Math.floor(r() * 50)) * 1_000_000n,
      slaViolated: r() < 0.1,
    });
  }
  for (let i = 0; i < seeds.length; i += 1000) {
    await t.db.runSummary.createMany({ data: seeds.slice(i, i + 1000).map((s) => ({ ...s, connectionId: main })) });
  }
  // Another connection's runs: never listed for this workspace.
  await t.db.runSummary.createMany({
    data: seeds.slice(0, 300).map((s) => ({ ...s, connectionId: other, groupName: "zulu-other" })),
  });
  await t.db.syncCursor.createMany({
    data: [
      { connectionId: main, stream: "runs:7:1:100", lastOkAt: new Date(base + 5_000) },
      { connectionId: main, stream: "runs:7:1:101", lastOkAt: new Date(base + 9_000) },
      { connectionId: main, stream: "groups", lastOkAt: new Date(base) },
    ],
  });
}, 120_000);
afterAll(() => t?.close());

const duration = (s: Seed) => (s.startedAt && s.endedAt ? s.endedAt.getTime() - s.startedAt.getTime() : null);
function keyValues(s: Seed, sort: Sort): (number | string | null)[] {
  const primary = {
    startedAt: s.startedAt?.getTime() ?? null,
    endedAt: s.endedAt?.getTime() ?? null,
    duration: duration(s),
    bytesWritten: Number(s.bytesWritten),
    status: s.status,
    groupName: s.groupName,
  }[sort];
  return [primary, ...(sort === "startedAt" ? [] : [s.startedAt?.getTime() ?? null]), s.groupId, s.runId];
}
/** The expected order: keys in the direction, a NULL above every value (PostgreSQL's order). */
function expectedOrder(rows: Seed[], sort: Sort, direction: "asc" | "desc"): string[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const ka = keyValues(a, sort);
      const kb = keyValues(b, sort);
      for (let i = 0; i < ka.length; i++) {
        const x = ka[i] ?? null;
        const y = kb[i] ?? null;
        if (x === y) continue;
        if (x === null) return sign;
        if (y === null) return -sign;
        return (x < y ? -1 : 1) * sign;
      }
      return 0;
    })
    .map((s) => `${s.groupId}/${s.runId}`);
}

type HistoryInput = Parameters<ReturnType<Cast["caller"]>["protectionGroup"]["run"]["history"]>[0];
async function pageAll(input: HistoryInput) {
  const caller = cast.caller("viewer");
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await caller.protectionGroup.run.history({ ...input, cursor });
    ids.push(...page.items.map((i) => `${i.groupId}/${i.runId}`));
    cursor = page.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { ids, pages };
}

describe("protectionGroup.run.history", () => {
  for (const sort of SORTS) {
    for (const direction of ["asc", "desc"] as const) {
      it(`pages every run in ${sort} ${direction} order, without duplicates or gaps`, async () => {
        const { ids, pages } = await pageAll({ sort, order: direction, limit: 200 });
        expect(pages).toBe(Math.ceil(RUNS / 200));
        expect(new Set(ids).size).toBe(RUNS);
        expect(ids).toEqual(expectedOrder(seeds, sort, direction));
      });
    }
  }

  it("filters by several statuses, group, run type, start range and SLA, paging in odd page sizes", async () => {
    const from = new Date(base + 2_000 * 60_000);
    const to = new Date(base + 15_000 * 60_000);
    const filter = {
      localBackupRunStatus: ["Failed" as const, "Canceled" as const, "Missed" as const],
      runTypes: ["kIncremental" as const],
      startTimeUsecs: from.getTime() * 1000,
      endTimeUsecs: to.getTime() * 1000,
    };
    const want = seeds.filter(
      (s) => ["Failed", "Canceled", "Missed"].includes(s.status) && s.runType === "kRegular" && s.startedAt && s.startedAt >= from && s.startedAt <= to,
    );
    expect(want.length).toBeGreaterThan(300);
    const { ids } = await pageAll({ filter, sort: "bytesWritten", order: "asc", limit: 37 });
    expect(ids).toEqual(expectedOrder(want, "bytesWritten", "asc"));

    const group = "7:1:105";
    const sla = await pageAll({ filter: { groupId: group, isSlaViolated: true }, sort: "duration", order: "desc", limit: 5 });
    expect(sla.ids).toEqual(expectedOrder(seeds.filter((s) => s.groupId === group && s.slaViolated), "duration", "desc"));
    expect(sla.ids.length).toBeGreaterThan(0);

    const full = await cast.caller("viewer").protectionGroup.run.history({ filter: { runTypes: ["kFull"] }, limit: 200 });
    expect(full.items.every((i) => i.runType === "kFull")).toBe(true);
  });

  it("returns the run's figures and how fresh the synced history is", async () => {
    const page = await cast.caller("viewer").protectionGroup.run.history({ sort: "duration", order: "desc", limit: 1 });
    const top = page.items[0]!;
    const seed = seeds.find((s) => s.runId === top.runId)!;
    expect(top).toMatchObject({ groupName: seed.groupName, status: seed.status, bytesWritten: Number(seed.bytesWritten), durationMs: duration(seed) });
    expect(top.startedAt).toEqual(seed.startedAt);
    // The oldest successful run sync among the groups: runs started before it are all listed.
    expect(page.syncedAt).toEqual(new Date(base + 5_000));
  });

  it("refuses a cursor from another sort, direction or filter, and a forged one, naming the problem", async () => {
    const caller = cast.caller("viewer");
    const first = await caller.protectionGroup.run.history({ sort: "startedAt", order: "desc", limit: 10 });
    const cursor = first.nextCursor!;
    await expect(caller.protectionGroup.run.history({ sort: "bytesWritten", order: "desc", cursor })).rejects.toThrow(
      "cursor belongs to the sort startedAt desc, not bytesWritten desc; start again without a cursor",
    );
    await expect(caller.protectionGroup.run.history({ sort: "startedAt", order: "asc", cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.protectionGroup.run.history({ filter: { localBackupRunStatus: ["Failed"] }, cursor })).rejects.toThrow(
      "cursor belongs to other filters",
    );
    const forged = Buffer.from(JSON.stringify(["startedAt", "desc", "x", ["'; DROP TABLE", "a", "b"]])).toString("base64url");
    await expect(caller.protectionGroup.run.history({ cursor: forged })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.protectionGroup.run.history({ cursor: "not a cursor!" })).rejects.toThrow("cursor is not valid");
    await expect(caller.protectionGroup.run.history({ limit: 201 })).rejects.toBeInstanceOf(TRPCError);
    // The same cursor with its own sort still continues where the first page ended.
    const second = await caller.protectionGroup.run.history({ sort: "startedAt", order: "desc", limit: 10, cursor });
    expect(second.items[0]?.runId).not.toBe(first.items[9]?.runId);
    expect([...first.items, ...second.items].map((i) => `${i.groupId}/${i.runId}`)).toEqual(expectedOrder(seeds, "startedAt", "desc").slice(0, 20));
  });

  it("keeps its place when runs are synced between pages (keyset, not offset)", async () => {
    const caller = cast.caller("viewer");
    const first = await caller.protectionGroup.run.history({ sort: "startedAt", order: "desc", limit: 50 });
    const connectionId = (await t.db.workspace.findUniqueOrThrow({ where: { id: cast.workspaceId } })).connectionId!;
    // A new run newer than everything lands before page 2 is read.
    await t.db.runSummary.create({
      data: { connectionId, groupId: "7:1:100", groupName: "alpha", runId: "0:1800000000000", status: "Running", startedAt: new Date(base + 30_000 * 60_000) },
    });
    try {
      const second = await caller.protectionGroup.run.history({ sort: "startedAt", order: "desc", limit: 50, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((i) => `${i.groupId}/${i.runId}`)).toEqual(expectedOrder(seeds, "startedAt", "desc").slice(0, 100));
    } finally {
      await t.db.runSummary.delete({ where: { connectionId_groupId_runId: { connectionId, groupId: "7:1:100", runId: "0:1800000000000" } } });
    }
  });
});
