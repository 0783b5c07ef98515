// The single writer of AuditEvent rows (the audit middleware and the sign-in flow use it).
// Rows hold ids, codes and timings only — never inputs, so no secret can end up in the log.
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";

export interface AuditEventInput {
  userId: string | null;
  actor: string;
  workspaceId: string | null;
  procedure: string;
  targetIds: string[];
  outcome: "ok" | "error";
  errorCode: string | null;
  upstreamRequestId: string | null;
  durationMs: number;
  clientIp: string | null;
}

const MAX_ACTOR = 320;

export async function writeAuditEvent(db: Db, event: AuditEventInput, log: ApiLog): Promise<void> {
  const data = {
    ...event,
    actor: event.actor.slice(0, MAX_ACTOR),
    durationMs: Math.max(0, Math.round(event.durationMs)),
  };
  let failure: unknown;
  try {
    await db.auditEvent.create({ data });
    return;
  } catch (error) {
    failure = error;
  }
  // The mutation may just have deleted the user or workspace the row points at (user.delete,
  // workspace.delete): keep the event, without the dangling references (actor keeps the email).
  if ((failure as { code?: string }).code === "P2003") {
    try {
      await db.auditEvent.create({ data: { ...data, userId: null, workspaceId: null } });
      return;
    } catch (retryError) {
      failure = retryError;
    }
  }
  // An audit failure must be visible to operators but must not turn a committed change into an
  // error for the user (the change already happened).
  log.error("audit event could not be written", {
    procedure: event.procedure,
    outcome: event.outcome,
    errorName: (failure as Error).name,
  });
}
