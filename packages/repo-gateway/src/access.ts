// Who may do what through the gateway. Agents never hold a credential that can destroy data:
//
// | level    | given to                                   | read, list | create                      | delete     |
// |----------|--------------------------------------------|------------|-----------------------------|------------|
// | `append` | the agent of the repository's own host     | yes        | data/ index/ snapshots/ locks/ (never over an existing object) | locks/ only |
// | `read`   | a restore/download onto another host (one task) | yes   | locks/ only                 | locks/ only |
//
// restic takes a lock file for every command (backup, restore, dump, ls), so even a read needs to
// create and remove one. `config` and `keys/` are written by the engine only (it creates each
// repository); forget, prune and check run in the engine against the storage itself, never
// through the gateway, so no credential here needs to delete data/, index/ or snapshots/.
import type { RestTarget } from "./object-path.ts";

export type AccessLevel = "append" | "read";
export type Method = "GET" | "HEAD" | "POST" | "DELETE";

export interface Refusal {
  status: 403 | 405;
  message: string;
}

const WRITABLE: Record<AccessLevel, ReadonlySet<string>> = {
  append: new Set(["data", "index", "snapshots", "locks"]),
  read: new Set(["locks"]),
};

/** null when `level` may perform `method` on `target`; otherwise why not. */
export function authorize(level: AccessLevel, method: Method, target: RestTarget): Refusal | null {
  if (target.kind === "root") {
    if (method !== "POST") return { status: 405, message: `${method} is not defined on the repository root; restic only POSTs ?create=true there` };
    return { status: 403, message: "repositories are created by the engine, not through the gateway" };
  }
  if (method === "GET" || method === "HEAD") {
    if (target.kind === "list" && method === "HEAD") return { status: 405, message: "HEAD is not defined on a folder listing; use GET" };
    return null;
  }
  if (target.kind === "list") return { status: 405, message: `${method} is not defined on a folder listing` };
  if (target.kind === "config") {
    return { status: 403, message: `${method === "POST" ? "writing" : "deleting"} the repository config is reserved to the engine` };
  }
  if (method === "POST") {
    if (WRITABLE[level].has(target.type)) return null;
    if (target.type === "keys") return { status: 403, message: "repository keys are managed by the engine" };
    return { status: 403, message: `this credential is read-only: it may not write ${target.type}/` };
  }
  // DELETE
  if (target.type === "locks") return null;
  return {
    status: 403,
    message: `the gateway is append-only: ${target.type}/ objects are never deleted by an agent (retention, forget and prune run in the engine)`,
  };
}
