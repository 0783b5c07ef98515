// The bytes of a report download ticket (services/download-ticket.ts): the workspace's protection
// report or run history as CSV, from the sync tables.
import { TRPCError } from "@trpc/server";
import type { Db } from "../db.ts";
import type { UpstreamFor } from "../upstream/upstream-for.ts";
import { probePolicies } from "./probes.ts";
import { protectionReport, protectionReportCsv, runHistoryCsv } from "./reports.ts";

/**
 * Each group's schedule interval from its policy (one upstream call), to estimate the next run; an
 * upstream that does not answer leaves the estimates out rather than failing the report.
 */
export async function groupScheduleIntervals(db: Db, upstreamFor: UpstreamFor, workspace: { id: string; connectionId: string }): Promise<Map<string, number>> {
  try {
    const policies = await probePolicies(await upstreamFor(workspace));
    const groups = await db.protectionGroupState.findMany({ where: { connectionId: workspace.connectionId }, select: { groupId: true, policyId: true } });
    const out = new Map<string, number>();
    for (const g of groups) {
      const interval = g.policyId ? policies.get(g.policyId)?.intervalMs : null;
      if (interval) out.set(g.groupId, interval);
    }
    return out;
  } catch {
    return new Map();
  }
}

export async function reportStream(
  db: Db,
  upstreamFor: UpstreamFor,
  workspace: { id: string; connectionId: string | null },
  target: { report: "protection" | "runs"; startedAfter?: number | undefined; startedBefore?: number | undefined },
): Promise<ReadableStream<Uint8Array>> {
  if (!workspace.connectionId) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This workspace has no upstream connection yet; an admin must bind one" });
  if (target.report === "runs") {
    return runHistoryCsv(db, workspace.connectionId, {
      ...(target.startedAfter !== undefined ? { startedAfter: new Date(target.startedAfter) } : {}),
      ...(target.startedBefore !== undefined ? { startedBefore: new Date(target.startedBefore) } : {}),
    });
  }
  const intervals = await groupScheduleIntervals(db, upstreamFor, { id: workspace.id, connectionId: workspace.connectionId });
  const csv = protectionReportCsv(await protectionReport(db, workspace.connectionId, intervals));
  return new Blob([csv]).stream();
}
