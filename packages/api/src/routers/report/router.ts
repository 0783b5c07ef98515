// Reports of the selected workspace from the portal's sync tables: the protection report (each
// object: last success, last failure, next run, SLA status, size) as JSON, and either report as a
// CSV download ticket (the portal's /api/download route streams it; REST clients follow the URL
// with their token).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { groupScheduleIntervals } from "../../alerts/report-stream.ts";
import { protectionReport } from "../../alerts/reports.ts";
import { restOf } from "../../openapi/meta.ts";
import { issueDownloadTicket } from "../../services/download-ticket.ts";
import { IssuedTicketSchema } from "../../services/outputs.ts";
import { router, workspaceProcedure } from "../../trpc.ts";

const rest = restOf("report");

const ProtectionRowOutput = z.object({
  objectId: z.string(),
  name: z.string(),
  environment: z.string().nullable(),
  objectType: z.string().nullable(),
  protected: z.boolean(),
  groups: z.array(z.string()),
  lastSuccessAt: z.date().nullable(),
  lastFailureAt: z.date().nullable(),
  nextRunAt: z.date().nullable(),
  slaStatus: z.string(),
  sizeBytes: z.number().nullable(),
});

function connectionOf(workspace: { connectionId: string | null }): string {
  if (!workspace.connectionId) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This workspace has no upstream connection yet; an admin must bind one" });
  return workspace.connectionId;
}

const protection = workspaceProcedure("viewer")
  .meta(rest("GET", "/reports/protection", "The protection report: every object with last success, last failure, estimated next run, SLA status and size"))
  .input(z.void())
  .output(z.object({ items: z.array(ProtectionRowOutput), generatedAt: z.date() }))
  .query(async ({ ctx }) => {
    const connectionId = connectionOf(ctx.workspace);
    const intervals = await groupScheduleIntervals(ctx.db, ctx.upstreamFor, { id: ctx.workspace.id, connectionId });
    return { items: await protectionReport(ctx.db, connectionId, intervals), generatedAt: new Date() };
  });

const download = workspaceProcedure("viewer")
  .meta(rest("POST", "/reports/download-ticket", "A CSV download ticket of the protection report or the run history (optionally runs started in a time range)"))
  .input(z.object({ report: z.enum(["protection", "runs"]), startedAfter: z.date().optional(), startedBefore: z.date().optional() }))
  .output(IssuedTicketSchema)
  .mutation(({ ctx, input }) => {
    connectionOf(ctx.workspace);
    return issueDownloadTicket(
      { userId: ctx.user.id, workspaceId: ctx.workspace.id },
      {
        kind: "report",
        report: input.report,
        ...(input.startedAfter ? { startedAfter: input.startedAfter.getTime() } : {}),
        ...(input.startedBefore ? { startedBefore: input.startedBefore.getTime() } : {}),
      },
    );
  });

export const reportRouter = router({ download, protection });
