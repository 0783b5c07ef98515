import { TRPCError } from "@trpc/server";
import { hashPassword, verifyPassword } from "@lifeboat/db";
import { z } from "zod";
import { PasswordSchema } from "../../schemas.ts";
import { sessionProcedure } from "../../trpc.ts";

/** The signed-in user changes their own password; the current one is required (never through an API token). */
export const changePassword = sessionProcedure
  .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema }))
  .mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { passwordHash: true } });
    if (!user.passwordHash) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "You sign in through SSO; there is no password to change" });
    }
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is not correct" });
    }
    const passwordHash = await hashPassword(input.newPassword);
    await ctx.db.user.update({ where: { id: ctx.user.id }, data: { passwordHash }, select: { id: true } });
    return { changed: true as const };
  });
