// Settings → Two-factor sign-in, for the signed-in user (a browser session, never an API token):
// status, setup (a new secret shown once as QR code and text key), confirm (a code from the app
// switches it on and returns 10 recovery codes, shown once), disable (needs a code, a recovery
// code or the password). Admins reset another user's with user.resetTwoFactor. See auth/two-factor.ts.
import { verifyPassword } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { passwordChangeLimiter, ThrottledError, type SignInLimiter } from "../../../auth/sign-in-limiter.ts";
import {
  adminTwoFactorRequired,
  formatTotpKey,
  matchTotp,
  newTotpSecret,
  openTotpSecret,
  qrCodeDataUrl,
  replaceRecoveryCodes,
  sealTotpSecret,
  secondFactorLimiter,
  totpUri,
  useSecondFactor,
} from "../../../auth/two-factor.ts";
import { router, sessionProcedure } from "../../../trpc.ts";

const CodeSchema = z.string().trim().min(1).max(64);

async function throttled(limiter: SignInLimiter, subject: string, clientIp: string | null, what: string): Promise<void> {
  const decision = await limiter.consume(subject, clientIp);
  if (!decision.allowed) {
    const cause = new ThrottledError(what, decision.retryAfterSeconds);
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  }
}

const status = sessionProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.user.findUniqueOrThrow({
    where: { id: ctx.user.id },
    select: { passwordHash: true, totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  return {
    enabled: row.totpEnabledAt !== null,
    enabledAt: row.totpEnabledAt,
    recoveryCodesLeft: row.totpEnabledAt ? row._count.recoveryCodes : 0,
    /** Users without a password sign in through SSO only: their identity provider handles second factors. */
    available: row.passwordHash !== null,
    /** This session signed in through SSO. */
    signedInWithSso: ctx.signInMethod === "oidc",
    /** The instance requires it of this user (an instance admin) and it is not set up yet. */
    setupRequired: ctx.twoFactorSetupRequired,
  };
});

/** Starts (or starts again) a setup: a new secret, kept sealed until confirm switches it on. */
const setup = sessionProcedure.mutation(async ({ ctx }) => {
  const row = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { email: true, passwordHash: true, totpEnabledAt: true } });
  if (!row.passwordHash) {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "You sign in through single sign-on; your identity provider handles two-factor sign-in" });
  }
  if (row.totpEnabledAt) throw new TRPCError({ code: "CONFLICT", message: "Two-factor sign-in is already on; turn it off first to set up a new device" });
  const secret = newTotpSecret();
  await ctx.db.user.update({ where: { id: ctx.user.id }, data: { totpSecretCiphertext: sealTotpSecret(secret), totpLastStep: null }, select: { id: true } });
  const uri = totpUri(secret, row.email);
  return { key: formatTotpKey(secret), uri, qrCode: await qrCodeDataUrl(uri) };
});

/** A code from the app proves the setup worked: two-factor goes on and 10 recovery codes are returned, once. */
const confirm = sessionProcedure.input(z.object({ code: CodeSchema })).mutation(async ({ ctx, input }) => {
  const row = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { totpSecretCiphertext: true, totpEnabledAt: true } });
  if (row.totpEnabledAt) throw new TRPCError({ code: "CONFLICT", message: "Two-factor sign-in is already on" });
  if (!row.totpSecretCiphertext) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Start the setup first" });
  await throttled(secondFactorLimiter(ctx.db), ctx.user.id, ctx.clientIp, "code attempts");
  const step = matchTotp(openTotpSecret(row.totpSecretCiphertext), input.code);
  if (step === null) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "That code is not right; enter the current 6-digit code from your app (check the device's clock)" });
  }
  await secondFactorLimiter(ctx.db).succeeded(ctx.user.id, ctx.clientIp);
  const recoveryCodes = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: ctx.user.id, totpEnabledAt: null, totpSecretCiphertext: row.totpSecretCiphertext },
      data: { totpEnabledAt: new Date(), totpLastStep: step },
    });
    if (count !== 1) throw new TRPCError({ code: "CONFLICT", message: "The setup changed meanwhile; start it again" });
    return replaceRecoveryCodes(tx, ctx.user.id);
  });
  return { enabled: true as const, recoveryCodes };
});

/** Switches two-factor off with a current code (or recovery code) or the password. */
const disable = sessionProcedure
  .input(z.object({ code: CodeSchema.optional(), password: z.string().min(1).max(200).optional() }))
  .mutation(async ({ ctx, input }) => {
    if (!input.code === !input.password) throw new TRPCError({ code: "BAD_REQUEST", message: "Give either a code from your app or your password" });
    const row = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { passwordHash: true, totpEnabledAt: true } });
    if (!row.totpEnabledAt) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Two-factor sign-in is not on" });
    if (ctx.user.isInstanceAdmin && (await adminTwoFactorRequired(ctx.db))) {
      throw new TRPCError({ code: "CONFLICT", message: "This portal requires two-factor sign-in for instance admins, so it cannot be turned off" });
    }
    if (input.password) {
      const limiter = passwordChangeLimiter(ctx.db);
      await throttled(limiter, ctx.user.id, ctx.clientIp, "password attempts");
      if (!row.passwordHash || !(await verifyPassword(row.passwordHash, input.password))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The password is not correct" });
      }
      await limiter.succeeded(ctx.user.id, ctx.clientIp);
    } else {
      const limiter = secondFactorLimiter(ctx.db);
      await throttled(limiter, ctx.user.id, ctx.clientIp, "code attempts");
      const checked = await useSecondFactor(ctx.db, ctx.user.id, input.code as string);
      if (!checked.ok) throw new TRPCError({ code: "BAD_REQUEST", message: "That code is not right or was used already" });
      await limiter.succeeded(ctx.user.id, ctx.clientIp);
    }
    await ctx.db.$transaction([
      ctx.db.user.update({ where: { id: ctx.user.id }, data: { totpSecretCiphertext: null, totpEnabledAt: null, totpLastStep: null }, select: { id: true } }),
      ctx.db.recoveryCode.deleteMany({ where: { userId: ctx.user.id } }),
    ]);
    return { enabled: false as const };
  });

export const twoFactorRouter = router({ status, setup, confirm, disable });
