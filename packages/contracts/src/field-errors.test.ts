import { describe, expect, it } from "vitest";
import { operations } from "./operations.ts";
import { ErrorBodySchema, formatPath, parseFieldPath } from "./field-errors.ts";
import { formatZodIssues, zodFieldErrors } from "./format-zod-issues.ts";

describe("field errors as data", () => {
  it("gives each failing field of a request its path and message, the same ones the message names", () => {
    const body = {
      name: "p",
      backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 4 } } }, retention: { unit: "Decades", duration: 0 } } },
      surprise: true,
    };
    const result = operations.createProtectionPolicy.body!.safeParse(body);
    if (result.success) throw new Error("expected the body to fail");
    const fields = zodFieldErrors(result.error, "body");
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: "body.backupPolicy.regular.retention.unit", message: expect.stringContaining('got "Decades"') },
        { path: "body.backupPolicy.regular.retention.duration", message: "must be at least 1" },
        { path: "body.surprise", message: "unknown field" },
      ]),
    );
    expect(formatZodIssues(result.error, "body")).toBe(fields.map((f) => `${f.path}: ${f.message}`).join("; "));
    expect(ErrorBodySchema.safeParse({ errorCode: "InvalidRequest", message: "x", fieldErrors: fields }).success).toBe(true);
  });

  it("parses a path back into the segments it was written from", () => {
    for (const segments of [["body", "blackoutWindow", 1, "endTime"], ["path", "id"], [], ["body", "objects", 0, 2, "x"]]) {
      expect(parseFieldPath(formatPath(segments))).toEqual(segments);
    }
  });
});
