import { randomBytes } from "node:crypto";
import { hashPassword } from "@lifeboat/db";
import { z } from "zod";
import { endUserSessions } from "../../auth/sessions.ts";
import { IdSchema, PasswordSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";

/**
 * Sets a new password for a user who forgot theirs (there is no reset mail). Without `password`
 * one is generated and returned once. Every session of the user ends (auth/sessions.ts).
 */
export const resetPassword = instanceAdminProcedure
  .input(z.object({ id: IdSchema, password: PasswordSchema.optional() }))
  .mutation(async ({ ctx, input }) => {
    const generatedPassword = input.password ? null : randomBytes(18).toString("base64url");
    const passwordHash = await hashPassword(input.password ?? (generatedPassword as string));
    await ctx.db.user.update({ where: { id: input.id }, data: { passwordHash }, select: { id: true } });
    await endUserSessions(ctx.db, input.id, { keep: ctx.session?.sessionId });
    return { id: input.id, generatedPassword };
  });
