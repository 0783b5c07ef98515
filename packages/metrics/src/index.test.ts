import { describe, expect, it } from "vitest";
import { Registry, StoredHistogram, cumulate, isMetricsToken, storedCounter, storedGauge } from "./index.ts";

/** The sample lines of one metric in Prometheus text format, comments dropped. */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(name) && !line.startsWith("#"));
}

describe("StoredHistogram", () => {
  it("formats the buckets it reads at scrape time, not this process's observations", async () => {
    const registry = new Registry();
    let rows = [{ labels: { status: "Succeeded" }, cumulative: [1, 3], count: 4, sum: 95 }];
    const histogram = new StoredHistogram({
      name: "lifeboat_test_duration_seconds",
      help: "test",
      labelNames: ["status"],
      buckets: [10, 30],
      registers: [registry],
      read: async () => rows,
    });
    histogram.observe({ status: "Succeeded" }, 1); // ignored: the stored rows are the truth

    const first = samples(await registry.metrics(), "lifeboat_test_duration_seconds");
    expect(first).toEqual([
      'lifeboat_test_duration_seconds_bucket{status="Succeeded",le="10"} 1',
      'lifeboat_test_duration_seconds_bucket{status="Succeeded",le="30"} 3',
      'lifeboat_test_duration_seconds_bucket{status="Succeeded",le="+Inf"} 4',
      'lifeboat_test_duration_seconds_sum{status="Succeeded"} 95',
      'lifeboat_test_duration_seconds_count{status="Succeeded"} 4',
    ]);

    rows = [
      { labels: { status: "Succeeded" }, cumulative: [2, 5], count: 6, sum: 140 },
      { labels: { status: "Failed" }, cumulative: [0], count: 1, sum: 45 },
    ];
    const second = samples(await registry.metrics(), "lifeboat_test_duration_seconds");
    expect(second).toContain('lifeboat_test_duration_seconds_count{status="Succeeded"} 6');
    // A row with fewer bucket counts than bounds reports 0 for the missing ones, never undefined.
    expect(second).toContain('lifeboat_test_duration_seconds_bucket{status="Failed",le="30"} 0');
    expect(second).toContain('lifeboat_test_duration_seconds_bucket{status="Failed",le="+Inf"} 1');
  });
});

describe("stored gauge and counter", () => {
  it("report exactly the label sets read at each scrape (a vanished one is gone)", async () => {
    const registry = new Registry();
    let gaugeRows = [
      { labels: { state: "Connected" }, value: 2 },
      { labels: { state: "Disconnected" }, value: 1 },
    ];
    storedGauge({ name: "lifeboat_test_agents", help: "test", labelNames: ["state"], registers: [registry], read: async () => gaugeRows });
    storedCounter({
      name: "lifeboat_test_runs_total",
      help: "test",
      labelNames: ["status"],
      registers: [registry],
      read: async () => [
        { labels: { status: "Succeeded" }, value: 7 },
        { labels: { status: "Failed" }, value: 0 },
      ],
    });

    const text = await registry.metrics();
    expect(samples(text, "lifeboat_test_agents")).toEqual(['lifeboat_test_agents{state="Connected"} 2', 'lifeboat_test_agents{state="Disconnected"} 1']);
    expect(samples(text, "lifeboat_test_runs_total")).toEqual(['lifeboat_test_runs_total{status="Succeeded"} 7']);

    gaugeRows = [{ labels: { state: "Connected" }, value: 3 }];
    expect(samples(await registry.metrics(), "lifeboat_test_agents")).toEqual(['lifeboat_test_agents{state="Connected"} 3']);
  });
});

describe("isMetricsToken", () => {
  it("accepts only the configured bearer token", () => {
    expect(isMetricsToken("Bearer s3cret-token", "s3cret-token")).toBe(true);
    expect(isMetricsToken("Bearer  s3cret-token ", "s3cret-token")).toBe(true);
    expect(isMetricsToken("Bearer s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(isMetricsToken("Bearer s3cret", "s3cret-token")).toBe(false);
    expect(isMetricsToken("Basic s3cret-token", "s3cret-token")).toBe(false);
    expect(isMetricsToken(null, "s3cret-token")).toBe(false);
  });

  it("refuses everything when no token is configured", () => {
    expect(isMetricsToken("Bearer ", undefined)).toBe(false);
    expect(isMetricsToken("Bearer ", "")).toBe(false);
    expect(isMetricsToken("Bearer anything", undefined)).toBe(false);
  });
});

describe("cumulate", () => {
  it("turns per-bucket counts into cumulative ones", () => {
    expect(cumulate([1, 0, 2, 3])).toEqual([1, 1, 3, 6]);
    expect(cumulate([])).toEqual([]);
  });
});
