import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatZodIssues } from "./format-zod-issues.ts";
import { RetentionSchema } from "./models/common.ts";
import { tolerant, wireEnum } from "./wire.ts";

describe("tolerant(): the response twin of a strict request model", () => {
  const Strict = z.strictObject({
    unit: wireEnum(["Days", "Weeks"]),
    count: z.int(),
    nested: z.strictObject({ ids: z.array(z.string().regex(/^\d+:\d+$/)) }).optional(),
  });
  const Loose = tolerant(Strict);

  it("accepts unknown enum values, unknown fields, unpatterned strings and unsafe integers", () => {
    const wire = { unit: "Fortnights", count: 2 ** 60, nested: { ids: ["x"], more: 1 }, extra: true };
    expect(Loose.parse(wire)).toEqual(wire);
    expect(Strict.safeParse(wire).success).toBe(false);
  });

  it("keeps required fields required and wire types enforced", () => {
    const result = Loose.safeParse({ count: "2" });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error!).split("; ")).toEqual([
      "unit: required field missing (expected string)",
      "count: expected number, got string",
    ]);
  });

  it("leaves the strict schema untouched", () => {
    expect(RetentionSchema.safeParse({ unit: "Days", duration: 1, extra: 1 }).success).toBe(false);
    expect(tolerant(RetentionSchema).safeParse({ unit: "Days", duration: 1, extra: 1 }).success).toBe(true);
  });
});

describe("formatZodIssues", () => {
  it("prefixes paths, renders indices and names the root", () => {
    const schema = z.strictObject({ list: z.array(z.strictObject({ id: z.int() })) });
    const result = schema.safeParse({ list: [{ id: 1 }, { id: "2" }] });
    expect(formatZodIssues(result.error!, "body")).toBe("body.list[1].id: expected number, got string");
    expect(formatZodIssues(z.string().safeParse(3).error!)).toBe("(root): expected string, got number");
  });
});

describe("formatZodIssues bounds", () => {
  it("says what the bound is for numbers, lists and strings", () => {
    const schema = z.strictObject({ hour: z.int().max(23), ids: z.array(z.string()).min(1), name: z.string().min(1) });
    const result = schema.safeParse({ hour: 24, ids: [], name: "" });
    expect(formatZodIssues(result.error!, "body").split("; ")).toEqual([
      "body.hour: must be at most 23",
      "body.ids: must have at least 1 item",
      "body.name: must be at least 1 character long",
    ]);
  });
});
