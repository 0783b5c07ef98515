import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { endUserSessions } from "../../auth/sessions.ts";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { refuseSelf } from "./admin-guards.ts";

/**
 * Resets a user's two-factor sign-in (a lost phone): the secret and the recovery codes go, the
 * user's sessions end, and they sign in with the password alone and set it up again (at once, when
 * the instance requires it of admins). Instance admins only; audited like every mutation
 * ("user.resetTwoFactor", the user's id as target). Not for oneself: that is me.twoFactor.disable,
 * which asks for a code or the password.
 */
export const resetTwoFactor = instanceAdminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  refuseSelf(ctx.user.id, input.id, "reset two-factor sign-in of");
  const user = await ctx.db.user.findUnique({ where: { id: input.id }, select: { id: true, totpEnabledAt: true } });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
  await ctx.db.$transaction([
    ctx.db.user.update({ where: { id: user.id }, data: { totpSecretCiphertext: null, totpEnabledAt: null, totpLastStep: null }, select: { id: true } }),
    ctx.db.recoveryCode.deleteMany({ where: { userId: user.id } }),
  ]);
  const endedSessions = await endUserSessions(ctx.db, user.id, { keep: ctx.session?.sessionId });
  return { id: user.id, wasEnabled: user.totpEnabledAt !== null, endedSessions };
});
