import { TRPCError } from "@trpc/server";
import { encryptSecret } from "@lifeboat/db";
import { requireSecretForNewDestination } from "../../services/write-only-secret.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { connectionSelect, toConnectionOutput, UpdateConnectionInput } from "./schemas.ts";

/**
 * Partial update. The stored API key stays only while it keeps going where it was entered: a new
 * service URL or IAM token URL without the key is refused (field error on `apiKey`), so neither
 * this update nor a later `test` can send the stored key to a host the editor chose.
 */
export const update = instanceAdminProcedure.input(UpdateConnectionInput).mutation(async ({ ctx, input }) => {
  const { id, apiKey, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0 && apiKey === undefined) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Nothing to update" });
  }
  return ctx.db.$transaction(async (tx) => {
    // Locked, so the URLs compared below are the ones the stored key goes with when this writes.
    const [current] = await tx.$queryRaw<{ serviceUrl: string; iamTokenUrl: string }[]>`
      SELECT "serviceUrl", "iamTokenUrl" FROM "UpstreamConnection" WHERE "id" = ${id} FOR UPDATE`;
    if (!current) throw new TRPCError({ code: "NOT_FOUND", message: "No such upstream connection" });
    const moved =
      (fields.serviceUrl !== undefined && fields.serviceUrl !== current.serviceUrl) ||
      (fields.iamTokenUrl !== undefined && fields.iamTokenUrl !== current.iamTokenUrl);
    requireSecretForNewDestination({
      path: "apiKey",
      field: "API key",
      destination: "service URL or IAM token URL",
      hasStored: true,
      given: apiKey,
      destinationChanged: moved,
    });
    const reachChanged = apiKey !== undefined || Object.keys(changes).some((k) => k !== "name");
    const row = await tx.upstreamConnection.update({
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
});
