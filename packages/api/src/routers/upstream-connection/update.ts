import { TRPCError } from "@trpc/server";
import { encryptSecret } from "@lifeboat/db";
import { adminProcedure } from "../../trpc.ts";
import { connectionSelect, toConnectionOutput, UpdateConnectionInput } from "./schemas.ts";

/** Partial update; the stored API key stays unless a new one is given. */
export const update = adminProcedure.input(UpdateConnectionInput).mutation(async ({ ctx, input }) => {
  const { id, apiKey, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0 && apiKey === undefined) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update" });
  }
  const reachChanged = apiKey !== undefined || Object.keys(changes).some((k) => k !== "name");
  const row = await ctx.db.upstreamConnection.update({
    where: { id },
    data: {
      ...changes,
      ...(apiKey !== undefined ? { apiKeyCiphertext: encryptSecret(apiKey) } : {}),
      // Where or how we connect changed: the last test result no longer describes the connection.
      ...(reachChanged ? { lastTestedAt: null, lastTestOk: null, lastTestLatencyMs: null, lastTestMessage: null } : {}),
    },
    select: connectionSelect,
  });
  return toConnectionOutput(row);
});
