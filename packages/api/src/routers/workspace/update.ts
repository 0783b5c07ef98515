import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema, WorkspaceNameSchema } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";
import { requireAdminOf } from "./require-admin-of.ts";

/** Renames a workspace and/or binds it to an upstream connection (`connectionId: null` unbinds); needs admin there. */
export const update = adminProcedure
  .input(z.object({ id: IdSchema, name: WorkspaceNameSchema.optional(), connectionId: IdSchema.nullable().optional() }))
  .mutation(async ({ ctx, input }) => {
    if (input.name === undefined && input.connectionId === undefined) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update: give name or connectionId" });
    }
    await requireAdminOf(ctx, input.id);
    if (input.connectionId) {
      const exists = await ctx.db.upstreamConnection.findUnique({ where: { id: input.connectionId }, select: { id: true } });
      if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: "No such upstream connection" });
    }
    return ctx.db.workspace.update({
      where: { id: input.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
      },
      select: { id: true, name: true, connectionId: true, updatedAt: true },
    });
  });
