// Settings of the whole portal (one InstanceSettings row), for instance admins: today the
// requirement of two-factor sign-in for instance admins (authority.ts, trpc.ts enforce it).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { instanceAdminProcedure, router } from "../../trpc.ts";

const get = instanceAdminProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.instanceSettings.findUnique({ where: { id: 1 }, select: { requireAdminTwoFactor: true, updatedAt: true } });
  return { requireAdminTwoFactor: row?.requireAdminTwoFactor ?? false, updatedAt: row?.updatedAt ?? null };
});

const update = instanceAdminProcedure.input(z.object({ requireAdminTwoFactor: z.boolean() })).mutation(async ({ ctx, input }) => {
  // The admin turning it on must not lock themselves into the setup page by surprise: they set up
  // their own first (an SSO session relies on its identity provider and is not asked).
  if (input.requireAdminTwoFactor && !ctx.user.hasTwoFactor && ctx.signInMethod === "password") {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "Turn on two-factor sign-in for your own account first" });
  }
  const row = await ctx.db.instanceSettings.upsert({
    where: { id: 1 },
    create: { id: 1, requireAdminTwoFactor: input.requireAdminTwoFactor },
    update: { requireAdminTwoFactor: input.requireAdminTwoFactor },
    select: { requireAdminTwoFactor: true, updatedAt: true },
  });
  return row;
});

export const instanceSettingsRouter = router({ get, update });
