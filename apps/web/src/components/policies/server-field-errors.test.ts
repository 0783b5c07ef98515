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

describe("serverFieldErrors", () => {
  it("places the BFF's zod field errors by input path", () => {
    const error = clientError("bad", {
      code: "BAD_REQUEST",
      fieldErrors: {
        formErrors: [],
        fieldErrors: {
          "policy.backupPolicy.regular.retention.duration": ["Too small: expected number to be >=1"],
          "policy.backupPolicy.regular.retention.dataLockConfig.mode": ["Invalid option"],
          "policy.unknown": ["ignored"],
        },
      },
    });
    expect(serverFieldErrors(error, "policy", rules)).toEqual({
      "retention.duration": "Too small: expected number to be >=1",
      "dataLock.duration": "Invalid option",
    });
  });

  it("places an upstream 400 that names its body path", () => {
    const error = clientError("Upstream: backupPolicy.regular.retention.dataLockConfig.duration: must not exceed the retention", { code: "BAD_REQUEST" });
    expect(serverFieldErrors(error, "policy", rules)).toEqual({ "dataLock.duration": "must not exceed the retention" });
    const windowError = clientError("Upstream: blackoutWindow[1].endTime: must differ", { code: "BAD_REQUEST" });
    expect(serverFieldErrors(windowError, "policy", rules)).toEqual({ blackout: "must differ" });
  });

  it("places nothing for an error without a path", () => {
    expect(serverFieldErrors(clientError("Upstream: service unavailable", { code: "SERVICE_UNAVAILABLE" }), "policy", rules)).toEqual({});
  });
});
