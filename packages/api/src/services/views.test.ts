import { describe, expect, it } from "vitest";
import { runView } from "./views.ts";

describe("views", () => {
  it("gives a running run its duration, progress and a linear ETA", () => {
    const start = 1_700_000_000_000;
    const run = {
      id: "5:1",
      localBackupInfo: { status: "kRunning", startTimeUsecs: start * 1000 },
      objects: [
        { localSnapshotInfo: { snapshotInfo: { status: "kSucceeded" } } },
        { localSnapshotInfo: { snapshotInfo: { status: "kRunning" } } },
      ],
    };
    const view = runView(run, start + 60_000);
    expect(view).toMatchObject({ status: "Running", finished: false, durationMs: 60_000, progress: 0.5, etaMs: 60_000 });
    const done = runView({ localBackupInfo: { status: "Succeeded", startTimeUsecs: start * 1000, endTimeUsecs: (start + 5_000) * 1000 } }, start + 99_000);
    expect(done).toMatchObject({ finished: true, durationMs: 5_000, progress: 1, etaMs: null });
  });

  it("takes a running object's reported percentage and restic's ETA (engine progress extension)", () => {
    const start = 1_700_000_000_000;
    const one = (progress?: object) => ({
      id: "5:1",
      localBackupInfo: { status: "Running", startTimeUsecs: start * 1000 },
      objects: [{ localSnapshotInfo: { snapshotInfo: { status: "kInProgress" } }, ...(progress ? { progress } : {}) }],
    });
    expect(runView(one({ percentDone: 40, bytesDone: 400, etaSecs: 90 }), start + 60_000)).toMatchObject({ progress: 0.4, etaMs: 90_000 });
    // Without restic's estimate: linear from the percentage.
    expect(runView(one({ percentDone: 25, bytesDone: 1 }), start + 60_000)).toMatchObject({ progress: 0.25, etaMs: 180_000 });
    // An upstream without the extension: 0 % and no ETA until the object finishes.
    expect(runView(one(), start + 60_000)).toMatchObject({ progress: 0, etaMs: null });
    // SnapshotInfo's own finished values count as finished objects.
    const two = {
      localBackupInfo: { status: "Running", startTimeUsecs: start * 1000 },
      objects: [
        { localSnapshotInfo: { snapshotInfo: { status: "kSuccessful" } }, progress: { percentDone: 100, bytesDone: 9 } },
        { localSnapshotInfo: { snapshotInfo: { status: "kInProgress" } }, progress: { percentDone: 50, bytesDone: 5, etaSecs: 30 } },
      ],
    };
    expect(runView(two, start + 60_000)).toMatchObject({ progress: 0.75, etaMs: 30_000 });
  });
});
