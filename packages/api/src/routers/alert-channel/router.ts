// Alert channels of the selected workspace (admins): webhook, e-mail (SMTP), Slack, Teams. The URL,
// webhook secret and SMTP password are write-only (alerts/channel-config.ts); `test` sends a made-up
// alert once and reports what the destination answered; `deliveries` is the delivery log.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  AlertChannelOutput,
  channelFromCreate,
  channelFromUpdate,
  channelRowData,
  ChannelSettingsSchema,
  channelSelect,
  CreateChannelInput,
  toChannelView,
  unsealSecrets,
  UpdateChannelInput,
} from "../../alerts/channel-config.ts";
import { testAlert, webhookPayload } from "../../alerts/payload.ts";
import { deliver } from "../../alerts/senders.ts";
import type { Db } from "../../db.ts";
import { restOf } from "../../openapi/meta.ts";
import { IdSchema, LimitSchema, page } from "../../schemas.ts";
import { DeletedSchema } from "../../services/outputs.ts";
import { adminProcedure, router } from "../../trpc.ts";

const rest = restOf("alertChannel");
const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "No such alert channel in this workspace" });

async function ownChannel(ctx: { db: Db; workspace: { id: string } }, id: string) {
  const row = await ctx.db.alertChannel.findFirst({ where: { id, workspaceId: ctx.workspace.id } });
  if (!row) throw notFound();
  return row;
}

const list = adminProcedure
  .meta(rest("GET", "/alert-channels", "List the workspace's alert channels (secrets never included)"))
  .input(z.void())
  .output(z.object({ items: z.array(AlertChannelOutput) }))
  .query(async ({ ctx }) => {
    const rows = await ctx.db.alertChannel.findMany({ where: { workspaceId: ctx.workspace.id }, orderBy: { name: "asc" }, select: channelSelect });
    return { items: rows.map(toChannelView) };
  });

const get = adminProcedure
  .meta(rest("GET", "/alert-channels/{id}", "Get one alert channel"))
  .input(z.object({ id: IdSchema }))
  .output(AlertChannelOutput)
  .query(async ({ ctx, input }) => {
    const row = await ctx.db.alertChannel.findFirst({ where: { id: input.id, workspaceId: ctx.workspace.id }, select: channelSelect });
    if (!row) throw notFound();
    return toChannelView(row);
  });

const create = adminProcedure
  .meta(
    rest(
      "POST",
      "/alert-channels",
      "Create an alert channel",
      'Body `{ name, kind: "webhook" | "email" | "slack" | "teams", url?, secret?, template?, smtp?, recipients?, weeklyReport? }`: webhook/slack/teams take `url` (webhook also an HMAC `secret` and a Mustache `template`), email takes `smtp: { host, port, security: "starttls" | "tls" | "none", username?, password?, from, verifyCertificate? }` and `recipients`.',
    ),
  )
  .input(CreateChannelInput)
  .output(AlertChannelOutput)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.db.alertChannel.create({ data: { workspaceId: ctx.workspace.id, ...channelRowData(channelFromCreate(input)) }, select: channelSelect });
    return toChannelView(row);
  });

const update = adminProcedure
  .meta(rest("PUT", "/alert-channels/{id}", "Replace a channel's settings; a left-out url, secret or SMTP password keeps the stored one (re-enter the secret when the URL or SMTP server changes)"))
  .input(UpdateChannelInput)
  .output(AlertChannelOutput)
  .mutation(async ({ ctx, input }) => {
    const row = await ownChannel(ctx, input.id);
    const stored = { name: row.name, kind: row.kind, weeklyReport: row.weeklyReport, settings: ChannelSettingsSchema.catch({}).parse(row.settings), secrets: unsealSecrets(row.secretsCiphertext) };
    const next = channelFromUpdate(stored, input);
    const updated = await ctx.db.alertChannel.update({
      where: { id: row.id },
      data: { ...channelRowData(next), lastTestAt: null, lastTestOk: null, lastTestMessage: null },
      select: channelSelect,
    });
    return toChannelView(updated);
  });

const remove = adminProcedure
  .meta(rest("DELETE", "/alert-channels/{id}", "Delete an alert channel (rules stop sending to it)"))
  .input(z.object({ id: IdSchema }))
  .output(DeletedSchema({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const row = await ownChannel(ctx, input.id);
    await ctx.db.alertChannel.delete({ where: { id: row.id } });
    return { id: row.id, deleted: true as const };
  });

const test = adminProcedure
  .meta(rest("POST", "/alert-channels/{id}/test", "Send a test notification now and report what the destination answered"))
  .input(z.object({ id: IdSchema }))
  .output(z.object({ ok: z.boolean(), statusCode: z.number().nullable(), message: z.string(), durationMs: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const row = await ownChannel(ctx, input.id);
    const now = new Date();
    const notification = await ctx.db.alertNotification.create({
      data: { workspaceId: ctx.workspace.id, channelId: row.id, event: "test", dedupKey: `${row.id}|test|${randomUUID()}`, notBefore: now },
      select: { id: true },
    });
    const workspace = { id: ctx.workspace.id, name: ctx.workspace.name };
    const payload = webhookPayload({ event: "test", deliveryId: notification.id, workspace, alerts: [testAlert(workspace, now)], now });
    const result = await deliver({ kind: row.kind, settings: ChannelSettingsSchema.catch({}).parse(row.settings), secrets: unsealSecrets(row.secretsCiphertext) }, payload);
    const message = result.ok ? `Delivered${result.statusCode ? ` (${result.statusCode})` : ""} in ${result.durationMs} ms` : (result.error ?? "failed");
    await ctx.db.$transaction([
      ctx.db.alertDeliveryAttempt.create({ data: { notificationId: notification.id, attempt: 1, ok: result.ok, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs } }),
      ctx.db.alertNotification.update({
        where: { id: notification.id },
        data: { attempts: 1, status: result.ok ? "delivered" : "failed", lastStatusCode: result.statusCode, lastError: result.error, ...(result.ok ? { deliveredAt: new Date() } : {}) },
      }),
      ctx.db.alertChannel.update({ where: { id: row.id }, data: { lastTestAt: now, lastTestOk: result.ok, lastTestMessage: message } }),
    ]);
    return { ok: result.ok, statusCode: result.statusCode, message, durationMs: result.durationMs };
  });

const DeliveryOutput = z.object({
  id: z.string(),
  event: z.string(),
  status: z.string(),
  alertIds: z.array(z.string()),
  ruleId: z.string().nullable(),
  notBefore: z.date(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  attempts: z.array(z.object({ attempt: z.number(), at: z.date(), ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
});

const deliveries = adminProcedure
  .meta(rest("GET", "/alert-channels/{id}/deliveries", "The channel's delivery log: each notification and every attempt with its status code"))
  .input(z.object({ id: IdSchema, cursor: IdSchema.nullish(), limit: LimitSchema }))
  .output(z.object({ items: z.array(DeliveryOutput), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const channel = await ownChannel(ctx, input.id);
    const rows = await ctx.db.alertNotification.findMany({
      where: { channelId: channel.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      take: input.limit + 1,
      select: {
        id: true,
        event: true,
        status: true,
        alertIds: true,
        ruleId: true,
        notBefore: true,
        createdAt: true,
        deliveredAt: true,
        attemptLog: { orderBy: { attempt: "asc" }, select: { attempt: true, at: true, ok: true, statusCode: true, error: true, durationMs: true } },
      },
    });
    return page(
      rows.map(({ attemptLog, ...n }) => ({ ...n, attempts: attemptLog })),
      input.limit,
      (n) => n.id,
    );
  });

export const alertChannelRouter = router({ create, delete: remove, deliveries, get, list, test, update });
