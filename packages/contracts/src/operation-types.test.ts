// The type helpers are what the upstream client and the engine code against; these assertions are
// checked by `tsc` (vitest's expectTypeOf) and the runtime part pins the matching schema behaviour.
import { describe, expect, expectTypeOf, it } from "vitest";
import { operations, type OperationInput, type OperationResult } from "./operations.ts";

type Empty = Record<never, never>;

describe("OperationInput / OperationResult", () => {
  it("has only the parts an operation defines, required when their schema has required fields", () => {
    expectTypeOf<OperationInput<"getConnectorMetadata">>().toEqualTypeOf<Empty>();
    expectTypeOf<OperationInput<"createProtectionPolicy">>().toHaveProperty("body");
    expectTypeOf<OperationInput<"createProtectionPolicy">["body"]["backupPolicy"]["regular"]>().not.toBeAny();
    expectTypeOf<keyof OperationInput<"getProtectionGroupByID">>().toEqualTypeOf<"pathParams" | "query" | "headers">();
    expectTypeOf<OperationInput<"getProtectionGroupByID">["pathParams"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<OperationInput<"getProtectionSourceRegistration">["pathParams"]>().toEqualTypeOf<{ id: number }>();
    expectTypeOf<OperationInput<"deleteDataSourceConnection">["pathParams"]>().toEqualTypeOf<{ connectionId: string }>();
    expectTypeOf<Empty>().toExtend<OperationInput<"getProtectionPolicies">>();
    expectTypeOf<Empty>().not.toExtend<OperationInput<"createProtectionPolicy">>();
    expect(operations.getProtectionPolicies.query.safeParse({}).success).toBe(true);
  });

  it("yields void for 204s, a byte stream for downloads, strings for the token and parsed bodies otherwise", () => {
    expectTypeOf<OperationResult<"deleteProtectionGroup">>().toEqualTypeOf<void>();
    expectTypeOf<OperationResult<"downloadIndexedFile">>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf<OperationResult<"generateDataSourceConnectionRegistrationToken">>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<OperationResult<"getProtectionGroupRuns">["runs"]>[number]["id"]>().toEqualTypeOf<string | undefined>();
    // Response enums decode as plain strings (§Q 11).
    expectTypeOf<NonNullable<OperationResult<"getProtectionPolicyByID">["backupPolicy"]["regular"]["retention"]>["unit"]>().toEqualTypeOf<string>();
    expect(operations.deleteProtectionGroup.responseKind).toBe("empty");
  });
});
