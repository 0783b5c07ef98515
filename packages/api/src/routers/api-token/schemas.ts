import { z } from "zod";
import { IdSchema, LimitSchema } from "../../schemas.ts";
import { RoleSchema } from "../../roles.ts";

export const ApiTokenNameSchema = z.string().trim().min(1).max(80);

export const ApiTokenCreateInput = z.object({
  name: ApiTokenNameSchema,
  role: RoleSchema,
  /** Every token expires: at most a year, 90 days by default. */
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

export const ApiTokenListInput = z
  .object({
    cursor: IdSchema.nullish(),
    limit: LimitSchema,
    includeInactive: z.boolean().default(false),
  })
  .default({ limit: 50, includeInactive: false });

export const ApiTokenRevokeInput = z.object({ id: IdSchema });

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** The first characters of the token ("lbt_" + 8), to recognise it. */
  prefix: z.string(),
  state: z.enum(["active", "expired", "revoked"]),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  user: z.object({ id: z.string(), email: z.string() }),
});
export type ApiTokenView = z.infer<typeof ApiTokenSchema>;

export const apiTokenSelect = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  user: { select: { id: true, email: true } },
} as const;

export function toApiTokenView(row: Omit<ApiTokenView, "state">, now = new Date()): ApiTokenView {
  const state = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return { ...row, state };
}
