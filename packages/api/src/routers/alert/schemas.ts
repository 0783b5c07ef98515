import { z } from "zod";
import { AlertConditionSchema, AlertSeveritySchema, AlertSubjectSchema, CONDITIONS } from "../../alerts/catalogue.ts";
import { IdSchema, LimitSchema } from "../../schemas.ts";

export const AlertListInput = z
  .object({
    cursor: IdSchema.nullish(),
    limit: LimitSchema,
    /** open (default), resolved, or all. */
    status: z.enum(["open", "resolved", "all"]).default("open"),
    severity: AlertSeveritySchema.optional(),
    condition: AlertConditionSchema.optional(),
    /** Part of the alert's message or subject name, any case. */
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .default({ limit: 50, status: "open" });

export const AlertAcknowledgeInput = z.object({ id: IdSchema, note: z.string().trim().max(1000).optional() });

export const AlertOutput = z.object({
  id: z.string(),
  condition: AlertConditionSchema,
  conditionLabel: z.string(),
  severity: AlertSeveritySchema,
  status: z.enum(["open", "resolved"]),
  message: z.string(),
  subject: AlertSubjectSchema,
  details: z.record(z.string(), z.unknown()),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgeNote: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertOutput>;

export const alertSelect = {
  id: true,
  condition: true,
  severity: true,
  message: true,
  subject: true,
  details: true,
  firstSeenAt: true,
  lastSeenAt: true,
  resolvedAt: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  acknowledgeNote: true,
} as const;

type AlertRow = {
  id: string;
  condition: string;
  severity: "info" | "warning" | "critical";
  message: string;
  subject: unknown;
  details: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
};

export function toAlertView(row: AlertRow): AlertView {
  const condition = AlertConditionSchema.parse(row.condition);
  return {
    ...row,
    condition,
    conditionLabel: CONDITIONS[condition].label,
    status: row.resolvedAt ? "resolved" : "open",
    subject: AlertSubjectSchema.parse(row.subject),
    details: z.record(z.string(), z.unknown()).catch({}).parse(row.details),
  };
}
