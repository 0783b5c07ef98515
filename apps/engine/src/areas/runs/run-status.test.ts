import { describe, expect, it } from "vitest";
import { aggregateStatus } from "./run-status.ts";

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
