import { z } from "zod";
import { LimitSchema, page } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";

export const AuditListInput = z
  .object({
    /** Opaque: the id of the last row of the previous page. */
    cursor: z.string().regex(/^\d{1,19}$/, "Invalid cursor").nullish(),
    limit: LimitSchema,
    procedure: z.string().trim().min(1).max(120).optional(),
    userId: z.string().trim().min(1).max(64).optional(),
    outcome: z.enum(["ok", "error"]).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((i) => !i.from || !i.to || i.from <= i.to, { message: "`from` must not be after `to`", path: ["from"] });

/** Newest first. `procedure` matches a path exactly or, ending in ".", a router prefix ("user."). */
export const list = adminProcedure.input(AuditListInput).query(async ({ ctx, input }) => {
  const rows = await ctx.db.auditEvent.findMany({
    where: {
      ...(input.procedure
        ? { procedure: input.procedure.endsWith(".") ? { startsWith: input.procedure } : input.procedure }
        : {}),
      ...(input.userId ? { userId: input.userId } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.from || input.to
        ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
        : {}),
      ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      at: true,
      userId: true,
      actor: true,
      workspaceId: true,
      procedure: true,
      targetIds: true,
      outcome: true,
      errorCode: true,
      upstreamRequestId: true,
      durationMs: true,
      clientIp: true,
    },
  });
  const { items, nextCursor } = page(rows, input.limit, (r) => r.id.toString());
  return {
    items: items.map((r) => ({ ...r, id: r.id.toString(), targetIds: Array.isArray(r.targetIds) ? (r.targetIds as string[]) : [] })),
    nextCursor,
  };
});
