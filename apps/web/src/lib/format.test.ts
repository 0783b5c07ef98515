import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatEta, formatPercent, objectProgressOf, runTypeLabel, statusLabel, statusTone } from "@/lib/format.ts";

describe("run figures", () => {
  it("formats sizes in binary units and refuses nonsense", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatBytes(300 * 1024 ** 2)).toBe("300 MiB");
    expect(formatBytes(undefined)).toBe("—");
    expect(formatBytes(-1)).toBe("—");
  });

  it("formats durations in the two largest units", () => {
    expect(formatDuration(500)).toBe("< 1 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(3_725_000)).toBe("1 h 2 min");
    expect(formatDuration(2 * 86_400_000 + 3_600_000)).toBe("2 d 1 h");
    expect(formatDuration(null)).toBe("—");
  });

  it("says an ETA in words, or nothing when there is no estimate", () => {
    expect(formatEta(180_000)).toBe("about 3 min left");
    expect(formatEta(2000)).toBe("finishing");
    expect(formatEta(null)).toBeNull();
    expect(formatEta(Number.NaN)).toBeNull();
  });

  it("never shows an unfinished run as 100%", () => {
    expect(formatPercent(0.4567)).toBe("46%");
    expect(formatPercent(0.996)).toBe("99%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(1.7)).toBe("100%");
    expect(formatPercent(null)).toBeNull();
  });

  it("reads k-prefixed and plain statuses alike", () => {
    expect(statusTone("kSucceeded")).toBe("success");
    expect(statusTone("kSuccessful")).toBe("success");
    expect(statusTone("Failed")).toBe("danger");
    expect(statusTone("Whatever")).toBe("neutral");
    expect(statusLabel("kSucceededWithWarning")).toBe("Succeeded with warning");
    expect(runTypeLabel("kRegular")).toBe("Incremental");
    expect(runTypeLabel("kFull")).toBe("Full");
  });

  it("reads a run object's progress extension, and nothing from an object without it", () => {
    expect(objectProgressOf({ progress: { percentDone: 42.5, bytesDone: 10, etaSecs: 90 } })).toEqual({ fraction: 0.425, etaMs: 90_000 });
    expect(objectProgressOf({ progress: { percentDone: 100, bytesDone: 10 } })).toEqual({ fraction: 1, etaMs: null });
    expect(objectProgressOf({ localSnapshotInfo: {} })).toBeNull();
    expect(objectProgressOf({ progress: { percentDone: "lots" } })).toBeNull();
    expect(objectProgressOf(null)).toBeNull();
  });
});
