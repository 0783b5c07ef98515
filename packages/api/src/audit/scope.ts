// Per-call audit scope: the audit middleware creates one per procedure call and the inner
// middlewares fill in who (after the user is verified), where (the resolved workspace) and what
// (target ids), so the one row it writes at the end is complete.
export interface AuditScope {
  userId: string | null;
  actor: string;
  workspaceId: string | null;
  targetIds: Set<string>;
  upstreamRequestId: string | null;
}

/** Input keys that name the records a mutation acts on. Only these are copied, never the input. */
const TARGET_KEYS = ["id", "userId", "workspaceId", "connectionId"] as const;
const MAX_ID = 100;

function addIds(into: Set<string>, value: unknown): void {
  if (!value || typeof value !== "object") return;
  for (const key of TARGET_KEYS) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === "string" && v.length > 0 && v.length <= MAX_ID) into.add(v);
  }
}

export function collectTargetIds(scope: AuditScope, rawInput: unknown, result: unknown): string[] {
  const ids = new Set(scope.targetIds);
  addIds(ids, rawInput);
  addIds(ids, result);
  return [...ids];
}
