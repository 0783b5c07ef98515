import { TRPCError } from "@trpc/server";
import { hashPassword, verifyPassword } from "@lifeboat/db";
import { z } from "zod";
import { endUserSessions } from "../../auth/sessions.ts";
import { passwordChangeLimiter, ThrottledError } from "../../auth/sign-in-limiter.ts";
import { PasswordSchema } from "../../schemas.ts";
import { sessionProcedure } from "../../trpc.ts";

/**
 * The signed-in user changes their own password; the current one is required (never through an API
 * token). Every other session of the user ends (one signed in with the old password by someone
 * else included); this one stays.
 */
export const changePassword = sessionProcedure
  .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema }))
  .mutation(async ({ ctx, input }) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { passwordHash: true } });
    if (!user.passwordHash) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "You sign in through SSO; there is no password to change" });
    }
    // Guessing the current password from a stolen session is slowed down like sign-in is.
    const limiter = passwordChangeLimiter(ctx.db);
    const decision = await limiter.consume(ctx.user.id, ctx.clientIp);
    if (!decision.allowed) {
      const cause = new ThrottledError("password attempts", decision.retryAfterSeconds);
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
    }
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "The current password is not correct" });
    }
    await limiter.succeeded(ctx.user.id, ctx.clientIp);
    const passwordHash = await hashPassword(input.newPassword);
    await ctx.db.user.update({ where: { id: ctx.user.id }, data: { passwordHash }, select: { id: true } });
    const endedSessions = await endUserSessions(ctx.db, ctx.user.id, { keep: ctx.session?.sessionId });
    return { changed: true as const, endedSessions };
  });
