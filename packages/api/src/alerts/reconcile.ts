// Findings → alert rows of one workspace. A finding whose problem (condition + subjectKey) already
// has an open alert refreshes it (lastSeenAt, message, severity); a new one opens an alert; an open
// alert of an evaluated condition that no finding names any more resolves. Event conditions
// (DataLock changed) resolve `eventHours` after they were last seen. `openKey` is unique while an
// alert is open, so a problem has at most one open alert even if two evaluations raced.
import { Prisma } from "@lifeboat/db";
import type { Db } from "../db.ts";
import { CONDITIONS, type AlertCondition, type AlertSettings } from "./catalogue.ts";
import type { Finding, FindingsResult } from "./findings.ts";

export interface AlertChange {
  id: string;
  condition: AlertCondition;
  severity: Finding["severity"];
}

export interface ReconcileReport {
  opened: AlertChange[];
  resolved: AlertChange[];
  refreshed: number;
}

export const openKeyOf = (workspaceId: string, condition: string, subjectKey: string) => `${workspaceId}|${condition}|${subjectKey}`;

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function reconcileWorkspace(
  db: Db,
  workspace: { id: string; connectionId: string },
  result: FindingsResult,
  settings: AlertSettings,
  now: Date,
): Promise<ReconcileReport> {
  const open = await db.alert.findMany({
    where: { workspaceId: workspace.id, resolvedAt: null },
    select: { id: true, condition: true, subjectKey: true, severity: true, connectionId: true, lastSeenAt: true },
  });
  const byKey = new Map(open.map((a) => [openKeyOf(workspace.id, a.condition, a.subjectKey), a]));
  const report: ReconcileReport = { opened: [], resolved: [], refreshed: 0 };
  const seen = new Set<string>();

  for (const f of result.findings) {
    const openKey = openKeyOf(workspace.id, f.condition, f.subjectKey);
    if (seen.has(openKey)) continue;
    seen.add(openKey);
    const existing = byKey.get(openKey);
    const fields = { severity: f.severity, message: f.message, subject: json(f.subject), details: json(f.details), lastSeenAt: now, connectionId: workspace.connectionId };
    if (existing) {
      await db.alert.update({ where: { id: existing.id }, data: fields });
      report.refreshed += 1;
      continue;
    }
    try {
      const created = await db.alert.create({
        data: { ...fields, workspaceId: workspace.id, condition: f.condition, subjectKey: f.subjectKey, openKey, firstSeenAt: now },
        select: { id: true },
      });
      report.opened.push({ id: created.id, condition: f.condition, severity: f.severity });
    } catch (error) {
      // Another evaluation opened it a moment ago: the problem is already an alert.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }

  const eventCutoff = now.getTime() - settings.eventHours * 3_600_000;
  for (const [key, alert] of byKey) {
    if (seen.has(key)) continue;
    const condition = alert.condition as AlertCondition;
    const info = CONDITIONS[condition];
    const movedAway = alert.connectionId !== workspace.connectionId; // the workspace was bound to another upstream
    const clears = info?.kind === "event" ? alert.lastSeenAt.getTime() <= eventCutoff : result.evaluated.has(condition);
    if (!movedAway && !clears && info) continue;
    const updated = await db.alert.updateMany({ where: { id: alert.id, resolvedAt: null }, data: { resolvedAt: now, openKey: null } });
    if (updated.count === 1) report.resolved.push({ id: alert.id, condition, severity: alert.severity });
  }
  return report;
}

/** Resolves every open alert of a workspace that no longer has an upstream connection. */
export async function resolveUnbound(db: Db, workspaceId: string, now: Date): Promise<AlertChange[]> {
  const open = await db.alert.findMany({ where: { workspaceId, resolvedAt: null }, select: { id: true, condition: true, severity: true } });
  if (open.length === 0) return [];
  await db.alert.updateMany({ where: { id: { in: open.map((a) => a.id) }, resolvedAt: null }, data: { resolvedAt: now, openKey: null } });
  return open.map((a) => ({ id: a.id, condition: a.condition as AlertCondition, severity: a.severity }));
}
