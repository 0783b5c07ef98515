import { z } from "zod";
import { IdSchema, WorkspaceNameSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";

/** Creates a workspace; its creator becomes its first admin so it is never admin-less. */
export const create = instanceAdminProcedure
  .input(z.object({ name: WorkspaceNameSchema, connectionId: IdSchema.nullish() }))
  .mutation(async ({ ctx, input }) => {
    return ctx.db.workspace.create({
      data: {
        name: input.name,
        connectionId: input.connectionId ?? null,
        memberships: { create: { userId: ctx.user.id, role: "admin" } },
      },
      select: { id: true, name: true, connectionId: true, createdAt: true },
    });
  });
