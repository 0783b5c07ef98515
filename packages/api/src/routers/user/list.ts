import { z } from "zod";
import { IdSchema, LimitSchema, page } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";
import { toUserOutput, userSelect } from "./user-select.ts";

export const list = adminProcedure
  .input(
    z.object({
      cursor: IdSchema.nullish(),
      limit: LimitSchema,
      search: z.string().trim().max(100).optional(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const search = input.search
      ? {
          OR: [
            { email: { contains: input.search, mode: "insensitive" as const } },
            { name: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {};
    const rows = await ctx.db.user.findMany({
      where: search,
      orderBy: [{ email: "asc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: userSelect,
    });
    const { items, nextCursor } = page(rows, input.limit, (u) => u.id);
    return { items: items.map(toUserOutput), nextCursor };
  });
