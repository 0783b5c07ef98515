import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { IdSchema, PersonNameSchema } from "../../schemas.ts";
import { adminProcedure } from "../../trpc.ts";
import { refuseSelf } from "./admin-guards.ts";
import { toUserOutput, userSelect } from "./user-select.ts";

export const update = adminProcedure
  .input(
    z.object({
      id: IdSchema,
      name: PersonNameSchema.nullable().optional(),
      isOps: z.boolean().optional(),
      disabled: z.boolean().optional(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    if (input.name === undefined && input.isOps === undefined && input.disabled === undefined) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update: give name, isOps or disabled" });
    }
    if (input.disabled === true) refuseSelf(ctx.user.id, input.id, "disable");
    const user = await ctx.db.user.update({
      where: { id: input.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.isOps !== undefined ? { isOps: input.isOps } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      },
      select: userSelect,
    });
    // Database sessions of a disabled user end now (JWT sessions are refused by authedProcedure).
    if (input.disabled) await ctx.db.session.deleteMany({ where: { userId: input.id } });
    return toUserOutput(user);
  });
