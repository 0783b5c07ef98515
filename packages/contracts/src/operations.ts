// The one operations table of the upstream API (reference §1, 51 operations: the product
// documentation's 43 and the 8 more of IBM's Go SDK v1.2.5, §11–§13), keyed by client
// method name. The upstream client, the engine's routes and the tests all derive from it.
import type { z } from "zod";
import { agentOperations } from "./areas/agent.ts";
import { connectionOperations } from "./areas/connection.ts";
import { connectorOperations } from "./areas/connector.ts";
import { objectOperations } from "./areas/object.ts";
import { policyOperations } from "./areas/policy.ts";
import { protectionGroupOperations } from "./areas/protection-group.ts";
import { recoveryOperations } from "./areas/recovery.ts";
import { runOperations } from "./areas/run.ts";
import { sdkAdditionOperations } from "./areas/sdk-additions.ts";
import { sourceOperations } from "./areas/source.ts";
import type { OperationDef } from "./operation.ts";

export const operations = {
  ...sourceOperations,
  ...protectionGroupOperations,
  ...policyOperations,
  ...runOperations,
  ...recoveryOperations,
  ...connectionOperations,
  ...agentOperations,
  ...objectOperations,
  ...connectorOperations,
  ...sdkAdditionOperations,
} as const satisfies Record<string, OperationDef>;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationDefOf<N extends OperationName> = Operations[N];

/** All entries, in reference §1 order. */
export const operationList: readonly OperationDef[] = Object.values(operations);

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

type InputPart = "pathParams" | "query" | "body" | "headers";

// One key of the input: absent when the operation has no such schema, optional when every field of
// the schema is optional, required otherwise.
type PartOf<Op, K extends InputPart> = Op extends { readonly [P in K]: infer S extends z.ZodType }
  ? Partial<z.input<S>> extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : unknown;

type Simplify<T> = { [K in keyof T]: T[K] };

/** What a caller passes for operation N: `{ pathParams?, query?, body?, headers? }` as it defines them. */
export type OperationInput<N extends OperationName> = Simplify<
  PartOf<Operations[N], "pathParams"> &
    PartOf<Operations[N], "query"> &
    PartOf<Operations[N], "body"> &
    PartOf<Operations[N], "headers">
>;

/** What operation N yields: the parsed body, nothing for 204s, a byte stream for downloads (§Q 6). */
export type OperationResult<N extends OperationName> = Operations[N]["responseKind"] extends "empty"
  ? void
  : Operations[N]["responseKind"] extends "binary"
    ? ReadableStream<Uint8Array>
    : Operations[N] extends { readonly response: infer S extends z.ZodType }
      ? z.output<S>
      : never;
