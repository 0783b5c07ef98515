import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { endUserSessions } from "../../auth/sessions.ts";
import { IdSchema, PersonNameSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { refuseLastInstanceAdmin, refuseSelf } from "./admin-guards.ts";
import { toUserOutput, userSelect } from "./user-select.ts";

export const update = instanceAdminProcedure
  .input(
    z.object({
      id: IdSchema,
      name: PersonNameSchema.nullable().optional(),
      isOps: z.boolean().optional(),
      isInstanceAdmin: z.boolean().optional(),
      disabled: z.boolean().optional(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update: give name, isOps, isInstanceAdmin or disabled" });
    }
    if (input.disabled === true) refuseSelf(ctx.user.id, id, "disable");
    // An instance admin may hand the role back when another one remains; the last one may not
    // (nor be disabled), so the portal always has someone to manage it.
    const user = await ctx.db.$transaction(async (tx) => {
      if (input.isInstanceAdmin === false || input.disabled === true) await refuseLastInstanceAdmin(tx, id);
      return tx.user.update({
        where: { id },
        data: Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
        select: userSelect,
      });
    });
    // Disabling, the ops flag and instance admin changes end the user's sessions (auth/sessions.ts).
    if (input.disabled || input.isOps !== undefined || input.isInstanceAdmin !== undefined) {
      await endUserSessions(ctx.db, id, { keep: ctx.session?.sessionId });
    }
    return toUserOutput(user);
  });
