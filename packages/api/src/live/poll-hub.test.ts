import { describe, expect, it } from "vitest";
import { createPollHub } from "./poll-hub.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function take<T>(iterator: AsyncGenerator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("poll hub", () => {
  it("serves N subscribers of one key from one poll loop and stops it when the last one leaves", async () => {
    const hub = createPollHub<number>({ intervalMs: 20 });
    let polls = 0;
    let value = 0;
    const poll = async () => {
      polls++;
      return value;
    };
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const subs = controllers.map((c) => hub.subscribe("conn-1|group-1", poll, c.signal));
    const first = await Promise.all(subs.map((s) => take(s, 1)));
    expect(first.map((events) => events[0])).toEqual(Array(5).fill({ type: "data", value: 0 }));
    expect(hub.activeKeys()).toEqual(["conn-1|group-1"]);

    value = 1;
    const second = await Promise.all(subs.map((s) => take(s, 1)));
    expect(second.map((events) => events[0])).toEqual(Array(5).fill({ type: "data", value: 1 }));
    // One loop: about one poll per interval, not five.
    const elapsedPolls = polls;
    await sleep(100);
    expect(polls - elapsedPolls).toBeLessThanOrEqual(6);
    expect(polls - elapsedPolls).toBeGreaterThanOrEqual(2);

    for (const [i, c] of controllers.entries()) {
      c.abort();
      await subs[i]!.next();
    }
    expect(hub.activeKeys()).toEqual([]);
    const stoppedAt = polls;
    await sleep(80);
    expect(polls).toBe(stoppedAt);
  });

  it("sends only changes, gives a late subscriber the latest snapshot, and keeps loops of different keys apart", async () => {
    const hub = createPollHub<string>({ intervalMs: 10 });
    const a = new AbortController();
    const b = new AbortController();
    let aPolls = 0;
    const subA = hub.subscribe("a", async () => {
      aPolls++;
      return aPolls < 3 ? "same" : "changed";
    }, a.signal);
    const events = await take(subA, 2);
    expect(events).toEqual([
      { type: "data", value: "same" },
      { type: "data", value: "changed" },
    ]);
    const late = hub.subscribe("a", async () => "never-called", b.signal);
    expect(await take(late, 1)).toEqual([{ type: "data", value: "changed" }]);
    const other = new AbortController();
    const subB = hub.subscribe("b", async () => "b-value", other.signal);
    expect(await take(subB, 1)).toEqual([{ type: "data", value: "b-value" }]);
    expect(hub.activeKeys().sort()).toEqual(["a", "b"]);
    for (const c of [a, b, other]) c.abort();
    await Promise.all([subA.next(), late.next(), subB.next()]);
    expect(hub.activeKeys()).toEqual([]);
  });

  it("passes a failed poll to subscribers as an error event and recovers on the next poll", async () => {
    const hub = createPollHub<number>({ intervalMs: 10 });
    let n = 0;
    const c = new AbortController();
    const sub = hub.subscribe("k", async () => {
      n++;
      if (n === 1) throw new Error("upstream down");
      return n;
    }, c.signal);
    const [failed, recovered] = await take(sub, 2);
    expect(failed).toMatchObject({ type: "error", error: { message: "upstream down" } });
    expect(recovered).toEqual({ type: "data", value: 2 });
    c.abort();
    await sub.next();
  });
});
