// One evaluation of every workspace: per upstream connection, gather its state once (sync tables +
// live probes), then per workspace bound to it run the conditions with the workspace's thresholds,
// open/refresh/resolve its alerts and plan the notifications its rules ask for. Workspaces without
// a connection have nothing to watch: their open alerts resolve. One evaluation at a time across
// portal processes (advisory lock, like the ops sync).
import { randomUUID } from "node:crypto";
import type { Db } from "../db.ts";
import type { ApiLog } from "../log.ts";
import { syncErrorMessage } from "../ops/sync-connection.ts";
import { createUpstreamFor, type UpstreamFor } from "../upstream/upstream-for.ts";
import { AlertSettingsSchema, DEFAULT_ALERT_SETTINGS, type AlertSettings } from "./catalogue.ts";
import { evaluateConditions } from "./findings.ts";
import { gatherConnectionState } from "./gather.ts";
import { planNotifications } from "./notify.ts";
import { reconcileWorkspace, resolveUnbound, type ReconcileReport } from "./reconcile.ts";

/** Arbitrary constant: the advisory lock id of the alert evaluation ("lbalrt" in ASCII). */
export const ALERT_EVALUATION_LOCK_KEY = 0x6c62616c7274;
const EVALUATION_TIMEOUT_MS = 10 * 60_000;

export interface EvaluationDeps {
  db: Db;
  log: ApiLog;
  upstreamFor?: UpstreamFor;
  now?: () => Date;
}

export interface WorkspaceEvaluation {
  workspaceId: string;
  opened: number;
  resolved: number;
  refreshed: number;
}

export interface EvaluationReport {
  evaluationId: string;
  workspaces: WorkspaceEvaluation[];
  /** Notifications planned by this evaluation, to be delivered. */
  notificationIds: string[];
  durationMs: number;
}

export function settingsOf(row: Partial<AlertSettings> | null | undefined): AlertSettings {
  if (!row) return DEFAULT_ALERT_SETTINGS;
  const parsed = AlertSettingsSchema.safeParse({ ...DEFAULT_ALERT_SETTINGS, ...row });
  return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
}

async function evaluate(deps: EvaluationDeps, upstreamFor: UpstreamFor): Promise<EvaluationReport> {
  const started = performance.now();
  const now = deps.now?.() ?? new Date();
  const evaluationId = randomUUID();
  const workspaces = await deps.db.workspace.findMany({
    select: {
      id: true,
      connectionId: true,
      connection: { select: { id: true, name: true } },
      alertSettings: true,
    },
    orderBy: { createdAt: "asc" },
  });
  const report: EvaluationReport = { evaluationId, workspaces: [], notificationIds: [], durationMs: 0 };
  const record = async (workspaceId: string, r: ReconcileReport) => {
    report.workspaces.push({ workspaceId, opened: r.opened.length, resolved: r.resolved.length, refreshed: r.refreshed });
    report.notificationIds.push(...(await planNotifications(deps.db, workspaceId, r, now, evaluationId)));
  };

  const byConnection = new Map<string, typeof workspaces>();
  for (const w of workspaces) {
    if (!w.connection) {
      const resolved = await resolveUnbound(deps.db, w.id, now);
      await record(w.id, { opened: [], resolved, refreshed: 0 });
      continue;
    }
    byConnection.set(w.connection.id, [...(byConnection.get(w.connection.id) ?? []), w]);
  }

  for (const [connectionId, members] of byConnection) {
    const connection = members[0]!.connection!;
    try {
      // upstreamFor takes a workspace; the evaluation acts for the connection itself.
      const client = await upstreamFor({ id: `alerts:${connectionId}`, connectionId }).catch((error: unknown) => {
        deps.log.warn("alerts: no upstream client", { connectionId, error: syncErrorMessage(error, "") });
        return null;
      });
      const state = await gatherConnectionState({
        db: deps.db,
        client,
        connection,
        now,
        onProbeError: (probe, error) => deps.log.warn("alerts: probe failed", { connectionId, probe, error: syncErrorMessage(error, "") }),
      });
      for (const w of members) {
        const result = evaluateConditions(state, settingsOf(w.alertSettings), now);
        await record(w.id, await reconcileWorkspace(deps.db, { id: w.id, connectionId }, result, settingsOf(w.alertSettings), now));
      }
    } catch (error) {
      // One connection's failure (a database hiccup mid-way) must not stop the others.
      deps.log.error("alerts: evaluation of a connection failed", { connectionId, error: syncErrorMessage(error, "") });
    }
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** One evaluation under the advisory lock; null when another process is evaluating right now. */
export async function runAlertEvaluation(deps: EvaluationDeps): Promise<EvaluationReport | null> {
  const upstreamFor = deps.upstreamFor ?? createUpstreamFor({ db: deps.db });
  return deps.db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${ALERT_EVALUATION_LOCK_KEY}::bigint) AS locked`;
      if (!row?.locked) return null;
      // The transaction only holds the lock; the evaluation's writes go through the pool.
      return evaluate(deps, upstreamFor);
    },
    { maxWait: 10_000, timeout: EVALUATION_TIMEOUT_MS },
  );
}
