import { z } from "zod";
import { IdSchema, LimitSchema, page } from "../../schemas.ts";
import { adminListScope } from "../../authority.ts";
import { authedProcedure } from "../../trpc.ts";
import { resolveMembership } from "../../workspace-access.ts";
import { toUserOutput, userSelect } from "./user-select.ts";

/** Instance admins: every user. Workspace admins: the members of the selected workspace. */
export const list = authedProcedure
  .input(
    z.object({
      cursor: IdSchema.nullish(),
      limit: LimitSchema,
      search: z.string().trim().max(100).optional(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const membership = await resolveMembership(ctx.db, ctx.user.id, ctx.selectedWorkspaceId);
    const scope = adminListScope({ user: ctx.user, apiToken: ctx.apiToken }, membership, Boolean(ctx.selectedWorkspaceId));
    const search = input.search
      ? {
          OR: [
            { email: { contains: input.search, mode: "insensitive" as const } },
            { name: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {};
    const rows = await ctx.db.user.findMany({
      where: { ...search, ...(scope ? { memberships: { some: { workspaceId: scope.workspaceId } } } : {}) },
      orderBy: [{ email: "asc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: userSelect,
    });
    const { items, nextCursor } = page(rows, input.limit, (u) => u.id);
    return { items: items.map(toUserOutput), nextCursor };
  });
