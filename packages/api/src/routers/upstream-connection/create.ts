import { encryptSecret } from "@lifeboat/db";
import { instanceAdminProcedure } from "../../trpc.ts";
import { connectionSelect, CreateConnectionInput, defaultIamTokenUrl, toConnectionOutput } from "./schemas.ts";

export const create = instanceAdminProcedure.input(CreateConnectionInput).mutation(async ({ ctx, input }) => {
  const { apiKey, ...rest } = input;
  const row = await ctx.db.upstreamConnection.create({
    data: {
      ...rest,
      iamTokenUrl: input.iamTokenUrl ?? defaultIamTokenUrl(input.kind, input.serviceUrl),
      apiKeyCiphertext: encryptSecret(apiKey),
    },
    select: connectionSelect,
  });
  return toConnectionOutput(row);
});
