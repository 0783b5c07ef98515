import { describe, expect, it } from "vitest";
import type { TaskProgress } from "@lifeboat/agent-protocol";
import { createProgressReporter } from "./progress-reporter.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("progress reporter", () => {
  it("posts at most once per interval, always the latest figures, and flushes the last ones at once", async () => {
    const posts: (TaskProgress & { at: number })[] = [];
    const reporter = createProgressReporter(async (p) => void posts.push({ ...p, at: Date.now() }), { intervalMs: 100 });
    const started = Date.now();
    for (let i = 1; i <= 30; i++) {
      reporter.update({ percentDone: i, bytesDone: i * 10, filesDone: i });
      await sleep(10);
    }
    await reporter.flush();
    reporter.stop();
    // 30 updates, but no more posts than intervals that passed (plus the first and the flush).
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts.length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 100) + 2);
    // The interval holds between posts; only the flush before the result does not wait for it.
    for (let i = 1; i < posts.length - 1; i++) expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(95);
    expect(posts.at(-1)).toMatchObject({ state: "Running", percentDone: 30, bytesDone: 300, filesDone: 30 });
  });

  it("sends a state change at once, with the latest figures", async () => {
    const posts: (TaskProgress & { at: number })[] = [];
    const reporter = createProgressReporter(async (p) => void posts.push({ ...p, at: Date.now() }), { intervalMs: 10_000 });
    await sleep(20); // the start went out
    reporter.update({ bytesDone: 500 });
    const pausedAt = Date.now();
    reporter.update({ state: "Paused" });
    await sleep(30);
    reporter.stop();
    expect(posts.map((p) => [p.state, p.bytesDone])).toEqual([["Running", 0], ["Paused", 500]]);
    expect(posts[1]!.at - pausedAt).toBeLessThan(25);
  });

  it("clamps the percentage; a failed post is reported, not thrown", async () => {
    const posts: TaskProgress[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const reporter = createProgressReporter(
      async (p) => {
        if (fail) throw new Error("engine down");
        posts.push(p);
      },
      { intervalMs: 20, onPostError: (e) => errors.push(e) },
    );
    reporter.update({ percentDone: 150 });
    await sleep(40);
    fail = false;
    reporter.update({ state: "Paused" });
    await reporter.flush();
    expect(errors).toHaveLength(1); // the first post (Running 0 %, clamped 150 → 100) failed
    expect(posts).toEqual([{ state: "Paused", percentDone: 100, bytesDone: 0, filesDone: 0 }]);
  });
});
