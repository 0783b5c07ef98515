import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { serverFieldErrors, type FieldRule } from "./server-field-errors.ts";

const rules: FieldRule<"retention.duration" | "dataLock.duration" | "name" | "blackout">[] = [
  ["backupPolicy.regular.retention.dataLockConfig", "dataLock.duration"],
  ["backupPolicy.regular.retention", "retention.duration"],
  ["name", "name"],
  [/^blackoutWindow\.\d+/, "blackout"],
];

const clientError = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message, code: -32600, data } });

const withFields = (fieldErrors: Record<string, string[]>, message = "bad") =>
  clientError(message, { code: "BAD_REQUEST", fieldErrors: { formErrors: [], fieldErrors } });

describe("serverFieldErrors", () => {
  it("places field errors by input path (the BFF's zod errors and the upstream's, placed by the BFF)", () => {
    const error = withFields({
      "policy.backupPolicy.regular.retention.duration": ["Too small: expected number to be >=1"],
      "policy.backupPolicy.regular.retention.dataLockConfig.duration": ["must not exceed the retention"],
      "policy.blackoutWindow.1.endTime": ["must differ"],
      "policy.unknown": ["ignored"],
    });
    expect(serverFieldErrors(error, "policy", rules)).toEqual({
      "retention.duration": "Too small: expected number to be >=1",
      "dataLock.duration": "must not exceed the retention",
      blackout: "must differ",
    });
  });

  it("reads nothing out of the message: a path in prose is not a field error", () => {
    const prose = clientError("Upstream: backupPolicy.regular.retention.dataLockConfig.duration: must not exceed the retention", { code: "BAD_REQUEST" });
    expect(serverFieldErrors(prose, "policy", rules)).toEqual({});
    expect(serverFieldErrors(clientError("Upstream: service unavailable", { code: "SERVICE_UNAVAILABLE" }), "policy", rules)).toEqual({});
  });
});
