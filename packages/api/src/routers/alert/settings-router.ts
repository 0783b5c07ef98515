// The thresholds of the selected workspace's alert conditions (offline minutes, stall minutes,
// stale hours/factor, storage percent, upstream failures, event hours): viewers read, admins set.
import { z } from "zod";
import { AlertSettingsSchema } from "../../alerts/catalogue.ts";
import { settingsOf } from "../../alerts/evaluate.ts";
import { restOf } from "../../openapi/meta.ts";
import { adminProcedure, router, workspaceProcedure } from "../../trpc.ts";

const rest = restOf("alertSettings");

const get = workspaceProcedure("viewer")
  .meta(rest("GET", "/alert-settings", "The workspace's alert thresholds (defaults until an admin sets them)"))
  .input(z.void())
  .output(AlertSettingsSchema)
  .query(async ({ ctx }) => settingsOf(await ctx.db.alertSettings.findUnique({ where: { workspaceId: ctx.workspace.id } })));

const update = adminProcedure
  .meta(rest("PUT", "/alert-settings", "Set the workspace's alert thresholds"))
  .input(AlertSettingsSchema)
  .output(AlertSettingsSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.db.alertSettings.upsert({ where: { workspaceId: ctx.workspace.id }, create: { workspaceId: ctx.workspace.id, ...input }, update: input });
    return settingsOf(row);
  });

export const alertSettingsRouter = router({ get, update });
