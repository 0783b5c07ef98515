// Dashboard figures, all from the ops sync tables (src/ops): `summary`/`series` for the caller's
// workspace (viewer+), `ops`/`opsSeries` across every upstream connection (ops flag).
import { z } from "zod";
import { dashboardSeries, dashboardSummary } from "../../ops/dashboard-figures.ts";
import { opsProcedure, router, workspaceProcedure } from "../../trpc.ts";
import { DashboardSeriesInput, DashboardSeriesSchema, DashboardSummarySchema, OpsConnectionSchema } from "./schemas.ts";

const connectionsOf = (workspace: { connectionId: string | null }) => (workspace.connectionId ? [workspace.connectionId] : []);

const summary = workspaceProcedure("viewer")
  .meta({ openapi: { method: "GET", path: "/dashboard/summary", tags: ["dashboard"], summary: "Dashboard figures of the workspace" } })
  .input(z.object({}).optional())
  .output(DashboardSummarySchema)
  .query(({ ctx }) => dashboardSummary(ctx.db, connectionsOf(ctx.workspace)));

const series = workspaceProcedure("viewer")
  .meta({ openapi: { method: "GET", path: "/dashboard/series", tags: ["dashboard"], summary: "Runs by status and data protected per day" } })
  .input(DashboardSeriesInput)
  .output(DashboardSeriesSchema)
  .query(async ({ ctx, input }) => ({ days: await dashboardSeries(ctx.db, connectionsOf(ctx.workspace), input.days) }));

async function allConnectionIds(db: Parameters<typeof dashboardSummary>[0]) {
  return (await db.upstreamConnection.findMany({ select: { id: true } })).map((c) => c.id);
}

const ops = opsProcedure
  .input(z.object({}).optional())
  .output(DashboardSummarySchema.extend({ connections: z.array(OpsConnectionSchema) }))
  .query(async ({ ctx }) => {
    const connections = await ctx.db.upstreamConnection.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        kind: true,
        workspaces: { select: { id: true, name: true }, orderBy: { name: "asc" } },
        syncCursors: { where: { stream: "groups" }, select: { lastOkAt: true, lastError: true } },
      },
    });
    const figures = await dashboardSummary(ctx.db, connections.map((c) => c.id));
    return {
      ...figures,
      connections: connections.map(({ syncCursors, ...c }) => ({
        ...c,
        lastOkAt: syncCursors[0]?.lastOkAt ?? null,
        lastError: syncCursors[0]?.lastError ?? null,
      })),
    };
  });

const opsSeries = opsProcedure
  .input(DashboardSeriesInput)
  .output(DashboardSeriesSchema)
  .query(async ({ ctx, input }) => ({ days: await dashboardSeries(ctx.db, await allConnectionIds(ctx.db), input.days) }));

export const dashboardRouter = router({ ops, opsSeries, series, summary });
