// The signed-in user's own browser sessions (Settings → Your sessions): list them, sign one out,
// or sign out everywhere. Ending a session deletes its row (auth/sessions.ts); its cookie then gets
// 401 on the next request.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { endSession, endUserSessions } from "../../../auth/sessions.ts";
import { IdSchema } from "../../../schemas.ts";
import { router, sessionProcedure } from "../../../trpc.ts";
import { deviceLabel } from "./device-label.ts";

/** Browser sessions only (sessionProcedure): an API token may not see or end the user's sessions. */
const mine = sessionProcedure.use(({ ctx, next }) => next({ ctx: { currentSessionId: ctx.session?.sessionId ?? null } }));

const list = mine.query(async ({ ctx }) => {
  const rows = await ctx.db.session.findMany({
    where: { userId: ctx.user.id, expires: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    // A user has a handful; the bound only protects the page from a script signing in in a loop.
    take: 100,
    select: { id: true, userAgent: true, clientIp: true, createdAt: true, lastSeenAt: true },
  });
  return {
    items: rows.map((row) => ({ ...row, device: deviceLabel(row.userAgent), current: row.id === ctx.currentSessionId })),
  };
});

/** Signs one of the user's sessions out (another user's session id answers NOT_FOUND). */
const revoke = mine.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  const row = await ctx.db.session.findFirst({ where: { id: input.id, userId: ctx.user.id }, select: { id: true } });
  if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such session (it may have ended already)" });
  await endSession(ctx.db, row.id);
  return { id: row.id, current: row.id === ctx.currentSessionId };
});

/** Signs out everywhere, this browser included. */
const revokeAll = mine.mutation(async ({ ctx }) => {
  const ended = await endUserSessions(ctx.db, ctx.user.id);
  return { ended };
});

export const sessionRouter = router({ list, revoke, revokeAll });
