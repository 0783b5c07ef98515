import { z } from "zod";
import { IdSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { refuseLastAdmin, refuseLastInstanceAdmin, refuseSelf } from "./admin-guards.ts";

/** Deletes a user; audit rows keep their actor email (userId becomes null, see schema). */
export const deleteUser = instanceAdminProcedure.input(z.object({ id: IdSchema })).mutation(async ({ ctx, input }) => {
  refuseSelf(ctx.user.id, input.id, "delete");
  return ctx.db.$transaction(async (tx) => {
    await refuseLastInstanceAdmin(tx, input.id);
    const adminOf = await tx.membership.findMany({
      where: { userId: input.id, role: "admin" },
      select: { workspaceId: true },
      orderBy: { workspaceId: "asc" },
    });
    for (const m of adminOf) await refuseLastAdmin(tx, m.workspaceId, input.id);
    await tx.user.delete({ where: { id: input.id } });
    return { id: input.id, deleted: true as const };
  });
});
