import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { requireInstanceAdmin } from "../../authority.ts";
import { IdSchema, WorkspaceNameSchema } from "../../schemas.ts";
import { workspaceManagerProcedure } from "../../trpc.ts";

/**
 * Renames a workspace (its admins or an instance admin) and/or binds it to an upstream connection
 * (`connectionId: null` unbinds). Binding decides whose backups the workspace sees, so it is an
 * instance admin's: a workspace admin pointing their workspace at another's connection would read it.
 */
export const update = workspaceManagerProcedure("id")
  .input(z.object({ name: WorkspaceNameSchema.optional(), connectionId: IdSchema.nullable().optional() }))
  .mutation(async ({ ctx, input }) => {
    if (input.name === undefined && input.connectionId === undefined) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update: give name or connectionId" });
    }
    if (input.connectionId !== undefined) requireInstanceAdmin({ user: ctx.user, apiToken: ctx.apiToken }, "binding a workspace to an upstream connection");
    if (input.connectionId) {
      const exists = await ctx.db.upstreamConnection.findUnique({ where: { id: input.connectionId }, select: { id: true } });
      if (!exists) throw new TRPCError({ code: "NOT_FOUND", message: "No such upstream connection" });
    }
    return ctx.db.workspace.update({
      where: { id: ctx.managedWorkspace.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
      },
      select: { id: true, name: true, connectionId: true, updatedAt: true },
    });
  });
