// Wire primitives shared by every model: int64 numbers, the id formats of reference §0.4, exact
// enums with a readable error, and `tolerant()`, which derives the lenient response twin of a strict
// request model so each model is written once (reference §Q 11–13).
import { z } from "zod";

/** int64 on the wire; a JS number that must be a safe integer (ids, µs timestamps, counts). */
export const int64 = () => z.int({ error: (iss) => expectation("an integer", iss.input) });

/** "expected X, got Y", or "required field missing" when nothing arrived. */
export function expectation(what: string, input: unknown): string {
  return input === undefined ? `required field missing (expected ${what})` : `expected ${what}, got ${describeInput(input)}`;
}

/** Renders an offending input for an error message without dumping whole objects. */
export function describeInput(input: unknown): string {
  if (input === undefined) return "nothing";
  if (typeof input === "string") return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  if (typeof input === "number" || typeof input === "boolean" || input === null) return String(input);
  if (Array.isArray(input)) return "an array";
  return `a ${typeof input}`;
}

/** An exact enum whose error names the allowed values and what arrived (reference §E). */
export function wireEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) => expectation(`one of ${values.join("|")}`, iss.input),
  });
}

function idPattern(pattern: RegExp, what: string, example: string) {
  return () =>
    z.string({ error: (iss) => expectation(`${what} (a string like "${example}")`, iss.input) }).regex(pattern, {
      error: (iss) => expectation(`${what} like "${example}"`, iss.input),
    });
}

// §0.4: Terraform validates group and recovery ids as three colon-separated integers, run ids as two
// and run task ids (localTaskId, replicationTaskId, …) as three.
export const protectionGroupId = idPattern(/^\d+:\d+:\d+$/, "a protection group id", "123:11:1");
export const recoveryId = idPattern(/^\d+:\d+:\d+$/, "a recovery id", "123:11:7");
export const runId = idPattern(/^\d+:\d+$/, "a run id", "45:1700000000000000");
export const taskId = idPattern(/^\d+:\d+:\d+$/, "a task id", "123:11:99");
// §Q 15: connection and connector ids are int64 values beyond 2^53, so they travel as decimal strings.
export const connectionId = idPattern(/^\d+$/, "a connection id as a decimal string", "7465828914523748");
export const connectorId = idPattern(/^\d+$/, "a connector id as a decimal string", "7465828914523749");

/** A non-empty string id without a documented format (policy ids, snapshot ids). */
export const opaqueId = (what: string) =>
  z.string({ error: (iss) => expectation(`${what} as a string`, iss.input) }).min(1, {
    error: `expected a non-empty ${what}`,
  });

/**
 * The response twin of a request schema: strict objects become loose (unknown fields kept), enums
 * and patterned strings become plain strings, integers become plain numbers. Types follow.
 */
export type Tolerant<T> =
  T extends z.ZodOptional<infer I>
    ? z.ZodOptional<Tolerant<I>>
    : T extends z.ZodArray<infer I>
      ? z.ZodArray<Tolerant<I>>
      : T extends z.ZodObject<infer S, z.core.$ZodObjectConfig>
        ? z.ZodObject<{ -readonly [K in keyof S]: Tolerant<S[K]> }, z.core.$loose>
        : T extends z.ZodEnum
          ? z.ZodString
          : T extends z.ZodString
            ? z.ZodString
            : T extends z.ZodNumber
              ? z.ZodNumber
              : T;

export function tolerant<T extends z.ZodType>(schema: T): Tolerant<T> {
  return toTolerant(schema) as Tolerant<T>;
}

function toTolerant(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
      return toTolerant((schema as z.ZodOptional).unwrap() as z.ZodType).optional();
    case "array":
      return z.array(toTolerant((schema as z.ZodArray).element as z.ZodType));
    case "object": {
      const shape = (schema as z.ZodObject).shape;
      const loose: Record<string, z.ZodType> = {};
      for (const [key, field] of Object.entries(shape)) loose[key] = toTolerant(field as z.ZodType);
      return z.looseObject(loose);
    }
    case "enum":
    case "string":
      return z.string();
    case "number":
      return z.number();
    default:
      return schema;
  }
}

/** Helper for response-only models: loose object (reference §Q 11: newer upstream fields survive). */
export const wireObject = z.looseObject;

/** Response-side int64: any number (a value beyond 2^53 has already lost precision in JSON.parse). */
export const num = () => z.number();
/** Response-side enum or free string: decoded as a string so new upstream values never fail. */
export const str = () => z.string();

/**
 * Cross-field rule of the request models: a selector field (`unit`, `protectionType`,
 * `environment`, `action`, …) says which sibling block the service reads, so that block must be
 * present. Used with `.superRefine`; the issue lands on the missing block's own path.
 */
export function selects(selector: string, blocks: Readonly<Record<string, string>>) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const choice = value[selector];
    const key = typeof choice === "string" ? blocks[choice] : undefined;
    const present = key !== undefined && value[key] !== undefined;
    const emptyList = present && Array.isArray(value[key]) && (value[key] as unknown[]).length === 0;
    if (key !== undefined && (!present || emptyList)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `required when ${selector} is ${String(choice)}`,
        input: value[key],
      });
    }
  };
}

/** Deep copy without null-valued object keys (array elements are kept as they are). */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) if (field !== null) out[key] = dropNulls(field);
    return out;
  }
  return value;
}

/**
 * The table's response schemas read `"field": null` as an absent field: servers (and ORMs behind
 * them) emit null for unset optional fields, and a missing optional value must not fail the call.
 * The output type is the model's own.
 */
export function nullTolerant<T extends z.ZodType>(schema: T) {
  return z.preprocess(dropNulls, schema);
}
