import { describe, expect, it } from "vitest";
import { errorMessage, fieldErrorsOf } from "./trpc-errors.ts";

function bffError(message: string, data: Record<string, unknown>) {
  return Object.assign(new Error(message), { data });
}

describe("BFF error helpers", () => {
  it("takes the first message of each field from the formatter's flattened zod issues", () => {
    const error = bffError("Invalid input", {
      code: "BAD_REQUEST",
      fieldErrors: { formErrors: [], fieldErrors: { serviceUrl: ["must end in /v2", "too long"], "membership.role": ["bad"] } },
    });
    expect(fieldErrorsOf(error)).toEqual({ serviceUrl: "must end in /v2", "membership.role": "bad" });
    expect(fieldErrorsOf(new Error("plain"))).toEqual({});
  });

  it("adds what to try and the upstream request id", () => {
    const error = bffError("Upstream service error (SERVICE_UNAVAILABLE)", { code: "SERVICE_UNAVAILABLE", upstreamRequestId: "req-42" });
    expect(errorMessage(error)).toBe(
      "Upstream service error (SERVICE_UNAVAILABLE). The upstream service is unavailable; try again later. (upstream request req-42)",
    );
  });

  it("explains network failures", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/could not be reached/);
  });
});
