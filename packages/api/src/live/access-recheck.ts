// Subscriptions outlive the role check that let them start: a live view may stay open for hours.
// `whileAllowed` re-checks the caller every `liveAccessRecheckMs` (default 30 s) — user still
// enabled, still a member of the subscription's workspace with the role the procedure needs, API
// token not revoked or expired, workspace still bound to the same upstream connection — and ends
// the stream with a clear UNAUTHORIZED / FORBIDDEN / PRECONDITION_FAILED error when that is gone.
import { TRPCError } from "@trpc/server";
import type { Db } from "../db.ts";
import { hasRole } from "../roles.ts";
import type { ApiTokenPrincipal } from "../auth/api-token.ts";
import { AREA_ACCESS, type AreaProcedurePath } from "../services/area-access.ts";
import { resolveMembership } from "../workspace-access.ts";

export const LIVE_ACCESS_RECHECK_MS = 30_000;

/** What a subscription's context carries (after workspaceProcedure). */
export interface LiveCaller {
  db: Db;
  user: { id: string };
  workspace: { id: string; name: string; connectionId: string | null };
  apiToken: ApiTokenPrincipal | null;
  liveAccessRecheckMs?: number;
}

/** Throws the error that ends the subscription when the caller may no longer watch; resolves otherwise. */
export async function recheckLiveAccess(caller: LiveCaller, path: AreaProcedurePath, now = new Date()): Promise<void> {
  const { db, apiToken } = caller;
  if (apiToken) {
    const token = await db.apiToken.findUnique({ where: { id: apiToken.id }, select: { revokedAt: true, expiresAt: true } });
    if (!token) throw new TRPCError({ code: "UNAUTHORIZED", message: `API token "${apiToken.name}" no longer exists` });
    if (token.revokedAt) throw new TRPCError({ code: "UNAUTHORIZED", message: `API token "${apiToken.name}" was revoked` });
    if (token.expiresAt && token.expiresAt <= now) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: `API token "${apiToken.name}" expired on ${token.expiresAt.toISOString()}` });
    }
  }
  const user = await db.user.findUnique({ where: { id: caller.user.id }, select: { disabled: true } });
  if (!user || user.disabled) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session is no longer valid; sign in again" });
  const membership = await resolveMembership(db, caller.user.id, caller.workspace.id);
  if (!membership) {
    throw new TRPCError({ code: "FORBIDDEN", message: `You are no longer a member of workspace "${caller.workspace.name}"` });
  }
  const minRole = AREA_ACCESS[path];
  const role = apiToken && !hasRole(apiToken.role, membership.role) ? apiToken.role : membership.role;
  if (!hasRole(role, minRole)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `This needs the ${minRole} role in workspace "${membership.workspace.name}" (you are now ${role})`,
    });
  }
  if (membership.workspace.connectionId !== caller.workspace.connectionId) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `Workspace "${membership.workspace.name}" now uses another upstream connection; open the live view again`,
    });
  }
}

/**
 * Runs `start(signal)` and passes its events on while the caller stays allowed. The re-check runs
 * every `caller.liveAccessRecheckMs` whether or not events flow; when it fails, the source is
 * stopped and the error is thrown to the subscriber. `signal` (the subscriber leaving) stops both.
 */
export async function* whileAllowed<T>(
  caller: LiveCaller,
  path: AreaProcedurePath,
  signal: AbortSignal | undefined,
  start: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  const everyMs = caller.liveAccessRecheckMs ?? LIVE_ACCESS_RECHECK_MS;
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) inner.abort();
  let refusal: unknown = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    timer = setTimeout(() => {
      recheckLiveAccess(caller, path).then(
        () => {
          if (!inner.signal.aborted) schedule();
        },
        (error: unknown) => {
          // A database hiccup is not a refusal: only our own verdicts end the stream.
          if (error instanceof TRPCError) {
            refusal = error;
            inner.abort();
          } else if (!inner.signal.aborted) schedule();
        },
      );
    }, everyMs);
    timer.unref?.();
  };
  schedule();
  try {
    for await (const event of start(inner.signal)) {
      if (refusal) break;
      yield event;
    }
    if (refusal) throw refusal;
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    inner.abort();
  }
}
