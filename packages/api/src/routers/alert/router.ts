// Alerts of the selected workspace: what the alert job (src/alerts) opened and resolved. Viewers
// read them; operators acknowledge them with a note (the alert stays open until its condition clears).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ALERT_CONDITIONS, ALERT_SEVERITIES, AlertSeveritySchema, CONDITIONS } from "../../alerts/catalogue.ts";
import { restOf } from "../../openapi/meta.ts";
import { IdSchema, page } from "../../schemas.ts";
import { router, workspaceProcedure } from "../../trpc.ts";
import { AlertAcknowledgeInput, AlertListInput, AlertOutput, alertSelect, toAlertView } from "./schemas.ts";

const rest = restOf("alert");

const list = workspaceProcedure("viewer")
  .meta(rest("GET", "/alerts", "List alerts (open by default), newest activity first; filter by status, severity, condition or subject"))
  .input(AlertListInput)
  .output(z.object({ items: z.array(AlertOutput), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const rows = await ctx.db.alert.findMany({
      where: {
        workspaceId: ctx.workspace.id,
        ...(input.status === "open" ? { resolvedAt: null } : input.status === "resolved" ? { resolvedAt: { not: null } } : {}),
        ...(input.severity ? { severity: input.severity } : {}),
        ...(input.condition ? { condition: input.condition } : {}),
        ...(input.subject ? { message: { contains: input.subject, mode: "insensitive" as const } } : {}),
      },
      orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      take: input.limit + 1,
      select: alertSelect,
    });
    return page(rows.map(toAlertView), input.limit, (a) => a.id);
  });

const get = workspaceProcedure("viewer")
  .meta(rest("GET", "/alerts/{id}", "Get one alert"))
  .input(z.object({ id: IdSchema }))
  .output(AlertOutput)
  .query(async ({ ctx, input }) => {
    const row = await ctx.db.alert.findFirst({ where: { id: input.id, workspaceId: ctx.workspace.id }, select: alertSelect });
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such alert in this workspace" });
    return toAlertView(row);
  });

const summary = workspaceProcedure("viewer")
  .meta(rest("GET", "/alert-summary", "Open alerts of the workspace by severity (the header bell)"))
  .input(z.void())
  .output(z.object({ open: z.number(), unacknowledged: z.number(), bySeverity: z.record(AlertSeveritySchema, z.number()) }))
  .query(async ({ ctx }) => {
    const groups = await ctx.db.alert.groupBy({
      by: ["severity"],
      where: { workspaceId: ctx.workspace.id, resolvedAt: null },
      _count: { _all: true },
    });
    const unacknowledged = await ctx.db.alert.count({ where: { workspaceId: ctx.workspace.id, resolvedAt: null, acknowledgedAt: null } });
    const bySeverity = Object.fromEntries(ALERT_SEVERITIES.map((s) => [s, groups.find((g) => g.severity === s)?._count._all ?? 0])) as Record<(typeof ALERT_SEVERITIES)[number], number>;
    return { open: Object.values(bySeverity).reduce((a, b) => a + b, 0), unacknowledged, bySeverity };
  });

const conditions = workspaceProcedure("viewer")
  .meta(rest("GET", "/alert-conditions", "The conditions alerts are raised for, with their default severity"))
  .input(z.void())
  .output(z.array(z.object({ id: z.enum(ALERT_CONDITIONS), label: z.string(), description: z.string(), defaultSeverity: AlertSeveritySchema, kind: z.enum(["state", "event"]) })))
  .query(() => ALERT_CONDITIONS.map((id) => CONDITIONS[id]));

const acknowledge = workspaceProcedure("operator")
  .meta(rest("POST", "/alerts/{id}/acknowledge", "Acknowledge an alert with an optional note (it stays open until its condition clears)"))
  .input(AlertAcknowledgeInput)
  .output(AlertOutput)
  .mutation(async ({ ctx, input }) => {
    const found = await ctx.db.alert.findFirst({ where: { id: input.id, workspaceId: ctx.workspace.id }, select: { id: true } });
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such alert in this workspace" });
    const row = await ctx.db.alert.update({
      where: { id: found.id },
      data: { acknowledgedAt: new Date(), acknowledgedByUserId: ctx.user.id, acknowledgedBy: ctx.audit.actor, acknowledgeNote: input.note ?? null },
      select: alertSelect,
    });
    return toAlertView(row);
  });

export const alertRouter = router({ acknowledge, conditions, get, list, summary });
