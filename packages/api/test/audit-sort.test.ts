// audit.list sorting and keyset paging over 400 seeded events with many equal times, actors and
// procedures: every sort in both directions paged in small pages equals the expected total order
// (no duplicate, no gap), the actor filter matches case-insensitively, and a cursor from another
// sort is refused with a message saying so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
const ACTORS = ["ann@example.test", "bob@example.test", "carol@example.test (API token \"ci\")", "dave@example.test"];
const PROCEDURES = ["auth.signIn", "policy.create", "user.create", "protectionGroup.run.runNow", "workspace.update"];
const base = Date.UTC(2026, 10, 1);

beforeAll(async () => {
  t = await openTestDb("audit_sort");
  cast = await createCast(t.db);
  await t.db.auditEvent.createMany({
    data: Array.from({ length: 400 }, (_, i) => ({
      // 40 distinct times: ten events share each, so the id decides among them.
      at: new Date(base + (i % 40) * 60_000),
      actor: ACTORS[(i * 7) % ACTORS.length]!,
      procedure: PROCEDURES[(i * 3) % PROCEDURES.length]!,
      outcome: i % 9 === 0 ? "error" : "ok",
      durationMs: i,
    })),
  });
}, 60_000);
afterAll(() => t?.close());

type Sort = "at" | "actor" | "procedure";
async function expected(sort: Sort, direction: "asc" | "desc", where: (r: { actor: string }) => boolean = () => true) {
  const rows = (await t.db.auditEvent.findMany({ select: { id: true, at: true, actor: true, procedure: true } })).filter(where);
  const sign = direction === "asc" ? 1 : -1;
  const cmp = (x: string | number | bigint, y: string | number | bigint) => (x === y ? 0 : x < y ? -1 : 1);
  return rows
    .sort((a, b) => sign * ((sort === "at" ? 0 : cmp(a[sort], b[sort])) || cmp(a.at.getTime(), b.at.getTime()) || cmp(a.id, b.id)))
    .map((r) => r.id.toString());
}

async function pageAll(input: { sort: Sort; order: "asc" | "desc"; actor?: string }) {
  const admin = cast.caller("admin");
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof admin.audit.list>> = await admin.audit.list({ ...input, cursor, limit: 23 });
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe("audit.list sorting", () => {
  for (const sort of ["at", "actor", "procedure"] as const) {
    for (const direction of ["asc", "desc"] as const) {
      it(`pages the whole log by ${sort} ${direction} without duplicates or gaps`, async () => {
        const ids = await pageAll({ sort, order: direction });
        expect(ids.length).toBeGreaterThanOrEqual(400);
        expect(ids).toEqual(await expected(sort, direction));
      });
    }
  }

  it("is newest first by default, and filters by part of the actor in any case", async () => {
    const admin = cast.caller("admin");
    const first = await admin.audit.list({ limit: 5 });
    expect(first.items.map((i) => i.id)).toEqual((await expected("at", "desc")).slice(0, 5));
    const carol = await pageAll({ sort: "at", order: "asc", actor: "CAROL@" });
    expect(carol).toEqual(await expected("at", "asc", (r) => r.actor.toLowerCase().includes("carol@")));
    expect(carol.length).toBe(100);
  });

  it("refuses a cursor from another sort or direction, and a forged one", async () => {
    const admin = cast.caller("admin");
    const { nextCursor } = await admin.audit.list({ sort: "actor", order: "asc", limit: 3 });
    await expect(admin.audit.list({ sort: "at", order: "asc", cursor: nextCursor })).rejects.toThrow(
      "cursor belongs to the sort actor asc, not at asc; start again without a cursor",
    );
    await expect(admin.audit.list({ sort: "actor", order: "desc", cursor: nextCursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.audit.list({ cursor: "12345" })).rejects.toThrow("cursor is not valid");
  });
});
