// Alert rules of the selected workspace (admins): which conditions, from which severity up, go to
// which channels, with optional quiet hours and grouping. Body `{ name, conditions, minSeverity?,
// channelIds, enabled?, groupBy?, notifyResolved?, quietHours? }`.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { AlertConditionSchema, AlertSeveritySchema } from "../../alerts/catalogue.ts";
import { QuietHoursSchema } from "../../alerts/quiet-hours.ts";
import type { Db } from "../../db.ts";
import { restOf } from "../../openapi/meta.ts";
import { IdSchema } from "../../schemas.ts";
import { DeletedSchema } from "../../services/outputs.ts";
import { adminProcedure, router } from "../../trpc.ts";

const rest = restOf("alertRule");

const RuleBody = {
  name: z.string().trim().min(1).max(100),
  conditions: z.array(AlertConditionSchema).min(1, "Choose at least one condition").max(50),
  /** Alerts below this severity are not sent (default info: every alert of the conditions). */
  minSeverity: AlertSeveritySchema.default("info"),
  channelIds: z.array(IdSchema).min(1, "Choose at least one channel").max(20),
  enabled: z.boolean().default(true),
  /** problem: one notification per alert; condition: one per condition and evaluation, listing its alerts. */
  groupBy: z.enum(["problem", "condition"]).default("problem"),
  notifyResolved: z.boolean().default(true),
  quietHours: QuietHoursSchema.nullish(),
};
const CreateRuleInput = z.object(RuleBody);
const UpdateRuleInput = z.object({ id: IdSchema, ...RuleBody });

const RuleOutput = z.object({
  id: z.string(),
  name: z.string(),
  conditions: z.array(AlertConditionSchema),
  minSeverity: AlertSeveritySchema,
  channelIds: z.array(z.string()),
  enabled: z.boolean(),
  groupBy: z.enum(["problem", "condition"]),
  notifyResolved: z.boolean(),
  quietHours: z.object({ start: z.string(), end: z.string(), timeZone: z.string() }).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ruleSelect = {
  id: true,
  name: true,
  conditions: true,
  minSeverity: true,
  enabled: true,
  groupBy: true,
  notifyResolved: true,
  quietStart: true,
  quietEnd: true,
  quietTimeZone: true,
  createdAt: true,
  updatedAt: true,
  channels: { select: { id: true }, orderBy: { name: "asc" } },
} as const;

type RuleRow = { quietStart: string | null; quietEnd: string | null; quietTimeZone: string | null; channels: { id: string }[]; conditions: string[]; groupBy: string } & Omit<
  z.infer<typeof RuleOutput>,
  "quietHours" | "channelIds" | "conditions" | "groupBy"
>;

function toRuleView(row: RuleRow): z.infer<typeof RuleOutput> {
  const { quietStart, quietEnd, quietTimeZone, channels, ...rest } = row;
  return {
    ...rest,
    conditions: rest.conditions.flatMap((c) => {
      const parsed = AlertConditionSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    }),
    groupBy: rest.groupBy === "condition" ? "condition" : "problem",
    channelIds: channels.map((c) => c.id),
    quietHours: quietStart && quietEnd && quietTimeZone ? { start: quietStart, end: quietEnd, timeZone: quietTimeZone } : null,
  };
}

async function checkChannels(db: Db, workspaceId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await db.alertChannel.findMany({ where: { id: { in: unique }, workspaceId }, select: { id: true } });
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw new TRPCError({ code: "BAD_REQUEST", message: `No such alert channel in this workspace: ${missing.join(", ")}` });
  return unique.map((id) => ({ id }));
}

function ruleData(input: z.infer<typeof CreateRuleInput>) {
  const { channelIds: _c, quietHours, conditions, ...rest } = input;
  return {
    ...rest,
    conditions: [...new Set(conditions)],
    quietStart: quietHours?.start ?? null,
    quietEnd: quietHours?.end ?? null,
    quietTimeZone: quietHours?.timeZone ?? null,
  };
}

const list = adminProcedure
  .meta(rest("GET", "/alert-rules", "List the workspace's alert rules"))
  .input(z.void())
  .output(z.object({ items: z.array(RuleOutput) }))
  .query(async ({ ctx }) => {
    const rows = await ctx.db.alertRule.findMany({ where: { workspaceId: ctx.workspace.id }, orderBy: { name: "asc" }, select: ruleSelect });
    return { items: rows.map(toRuleView) };
  });

const create = adminProcedure
  .meta(rest("POST", "/alert-rules", "Create an alert rule"))
  .input(CreateRuleInput)
  .output(RuleOutput)
  .mutation(async ({ ctx, input }) => {
    const channels = await checkChannels(ctx.db, ctx.workspace.id, input.channelIds);
    const row = await ctx.db.alertRule.create({ data: { workspaceId: ctx.workspace.id, ...ruleData(input), channels: { connect: channels } }, select: ruleSelect });
    return toRuleView(row);
  });

const update = adminProcedure
  .meta(rest("PUT", "/alert-rules/{id}", "Replace an alert rule"))
  .input(UpdateRuleInput)
  .output(RuleOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, ...body } = input;
    const found = await ctx.db.alertRule.findFirst({ where: { id, workspaceId: ctx.workspace.id }, select: { id: true } });
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such alert rule in this workspace" });
    const channels = await checkChannels(ctx.db, ctx.workspace.id, body.channelIds);
    const row = await ctx.db.alertRule.update({ where: { id }, data: { ...ruleData(body), channels: { set: channels } }, select: ruleSelect });
    return toRuleView(row);
  });

const remove = adminProcedure
  .meta(rest("DELETE", "/alert-rules/{id}", "Delete an alert rule"))
  .input(z.object({ id: IdSchema }))
  .output(DeletedSchema({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const found = await ctx.db.alertRule.findFirst({ where: { id: input.id, workspaceId: ctx.workspace.id }, select: { id: true } });
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such alert rule in this workspace" });
    await ctx.db.alertRule.delete({ where: { id: found.id } });
    return { id: found.id, deleted: true as const };
  });

export const alertRuleRouter = router({ create, delete: remove, list, update });
