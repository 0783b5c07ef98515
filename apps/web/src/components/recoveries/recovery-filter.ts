// The recovery list's URL state (lib/list-params.ts) as the `recovery.list` filter.
import { windowStart, type RecoveryListState } from "@/lib/list-params.ts";
import type { RouterInputs } from "@/trpc/types.ts";

export type RecoveryListFilter = NonNullable<RouterInputs["recovery"]["list"]["filter"]>;

/** Recoveries started within the window, of the chosen status. */
export function toRecoveryListFilter(f: RecoveryListState, now = Date.now()): RecoveryListFilter {
  const start = windowStart(f.window, now);
  return { ...(start === null ? {} : { startTimeUsecs: start * 1000 }), ...(f.status ? { status: [f.status] } : {}) };
}
