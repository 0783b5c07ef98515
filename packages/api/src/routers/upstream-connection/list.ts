import { z } from "zod";
import { IdSchema, LimitSchema, page } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { connectionSelect, toConnectionOutput } from "./schemas.ts";

export const list = instanceAdminProcedure
  .input(z.object({ cursor: IdSchema.nullish(), limit: LimitSchema }).default({ limit: 50 }))
  .query(async ({ ctx, input }) => {
    const rows = await ctx.db.upstreamConnection.findMany({
      orderBy: [{ name: "asc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: connectionSelect,
    });
    const { items, nextCursor } = page(rows, input.limit, (c) => c.id);
    return { items: items.map(toConnectionOutput), nextCursor };
  });
