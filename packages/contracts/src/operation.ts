// The shape of one entry of the operations table. The table (src/operations.ts) is the single
// source that the upstream client, the engine's routes and the tests derive from: adding an
// operation of the upstream API means adding one entry there.
import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The nine areas of the upstream API (reference §1), named as the BFF routers are. */
export type OperationArea =
  | "source"
  | "protectionGroup"
  | "policy"
  | "run"
  | "recovery"
  | "connection"
  | "agent"
  | "object"
  | "connector";

/**
 * How the success body is read: parsed JSON, nothing (204), or bytes streamed to the caller
 * (file downloads, the agent package; reference §Q 6).
 */
export type ResponseKind = "json" | "empty" | "binary";

export interface OperationDef {
  /** Client method name: the SDK method in lowerCamelCase, e.g. `getProtectionPolicies`. */
  readonly name: string;
  /** SDK method name as in reference §1, e.g. `GetProtectionPolicies`. */
  readonly sdkName: string;
  readonly area: OperationArea;
  readonly method: HttpMethod;
  /**
   * Path template relative to the service URL (which ends in /v2), e.g. `/data-protect/policies/{id}`;
   * relative to the instance host when `root` is "host".
   */
  readonly path: string;
  /**
   * Where `path` is resolved: under the service URL's `/v2` (default) or at the host root — the
   * three `/irisservices/api/v1/...` operations of the Go SDK (reference §Q 26).
   */
  readonly root?: "service" | "host";
  readonly successStatus: 200 | 201 | 202 | 204 | 207;
  /** Path parameters named as in `path` (strict). */
  readonly pathParams?: z.ZodType;
  /** Query parameters (strict); arrays are sent comma-joined (reference §0.4). */
  readonly query?: z.ZodType;
  /** Extra headers besides Authorization and X-IBM-Tenant-Id (e.g. requestInitiatorType). */
  readonly headers?: z.ZodType;
  /** Request body (strict). */
  readonly body?: z.ZodType;
  /** Success body (tolerant where the wire drifts, reference §Q 11–13). Absent for empty/binary. */
  readonly response?: z.ZodType;
  readonly responseKind: ResponseKind;
  /**
   * Safe to retry blindly: GET, PUT, DELETE and the reads done by POST (restore points, indexed
   * search). Creates are never retried.
   */
  readonly idempotent: boolean;
}

export function defineOperation<const T extends OperationDef>(op: T): T {
  return op;
}
