import { describe, expect, it } from "vitest";
import { aggregateStatus, wrongStateOf } from "./run-status.ts";

const objs = (...s: string[]) => s.map((status) => ({ status }));

describe("aggregateStatus", () => {
  it("derives the run status from its objects", () => {
    expect(aggregateStatus("Accepted", objs("Accepted", "Accepted"))).toBe("Accepted");
    expect(aggregateStatus("Accepted", objs("Running", "Accepted"))).toBe("Running");
    expect(aggregateStatus("Running", objs("Paused", "Accepted"))).toBe("Paused");
    expect(aggregateStatus("Canceling", objs("Running"))).toBe("Canceling");
    expect(aggregateStatus("Running", objs("Succeeded", "SucceededWithWarning"))).toBe("SucceededWithWarning");
    expect(aggregateStatus("Running", objs("Succeeded", "Failed"))).toBe("Failed");
    expect(aggregateStatus("Canceling", objs("Canceled", "Succeeded"))).toBe("Canceled");
    expect(aggregateStatus("Running", objs("Succeeded"))).toBe("Succeeded");
  });
});

describe("wrongStateOf", () => {
  it("refuses actions that cannot apply to the run's state, with a sentence", () => {
    expect(wrongStateOf("cancel", "1:5", "Succeeded", [])).toBe("run 1:5 has already ended (Succeeded); there is nothing to cancel");
    expect(wrongStateOf("pause", "1:5", "Paused", ["Paused"])).toBe("run 1:5 is already paused");
    expect(wrongStateOf("pause", "1:5", "Accepted", ["Pending"])).toMatch(/has not started on its agent yet .*cancel it instead/);
    expect(wrongStateOf("resume", "1:5", "Running", ["Running"])).toBe("run 1:5 is not paused (Running); there is nothing to resume");
    expect(wrongStateOf("cancel", "1:5", "Canceling", ["Running"])).toBe("run 1:5 is being canceled; it cannot be canceled again");
  });

  it("lets through the actions that apply", () => {
    expect(wrongStateOf("pause", "1:5", "Running", ["Running", "Pending"])).toBeNull();
    expect(wrongStateOf("resume", "1:5", "Paused", ["Paused"])).toBeNull();
    expect(wrongStateOf("cancel", "1:5", "Accepted", ["Pending"])).toBeNull();
    expect(wrongStateOf("cancel", "1:5", "Paused", ["Paused"])).toBeNull();
  });
});
