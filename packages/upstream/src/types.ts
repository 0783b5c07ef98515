// Types derived from one operations-table entry, so the client's methods are typed for free from
// the table (`OperationInput` / `OperationResult` in contracts are these applied to `operations`).
import type { OperationDef } from "@lifeboat/contracts";
import type { z } from "zod";

/** The empty input `{}`: a part is optional when its schema accepts it. */
type Empty = Record<never, never>;

/** A key is optional when the schema accepts `{}` (all its fields are optional). */
type InputPart<D, K extends "pathParams" | "query" | "body" | "headers"> = D extends {
  readonly [P in K]: infer S extends z.ZodType;
}
  ? Empty extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : unknown;

export type InputOf<D extends OperationDef> = InputPart<D, "pathParams"> &
  InputPart<D, "query"> &
  InputPart<D, "body"> &
  InputPart<D, "headers">;

/**
 * Binary operations (file downloads, the agent package) resolve to a web ReadableStream that
 * fetches lazily; `empty` (204) ones resolve to undefined.
 */
export type ResultOf<D extends OperationDef> = D extends { readonly responseKind: "binary" }
  ? ReadableStream<Uint8Array>
  : D extends { readonly responseKind: "empty" }
    ? undefined
    : D extends { readonly response: infer S extends z.ZodType }
      ? z.output<S>
      : unknown;

export interface CallOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal | undefined;
  /** Deadline of this call including retries and backoff; overrides the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
}

export type OperationMethod<D extends OperationDef> = Empty extends InputOf<D>
  ? (input?: InputOf<D>, options?: CallOptions) => Promise<ResultOf<D>>
  : (input: InputOf<D>, options?: CallOptions) => Promise<ResultOf<D>>;

export type OperationMethods<T extends Record<string, OperationDef>> = {
  [K in keyof T]: OperationMethod<T[K]>;
};

/** What a method receives at run time (the union of all keys). */
export interface RawInput {
  pathParams?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  headers?: Record<string, unknown> | undefined;
}
