import { encryptSecret } from "@lifeboat/db";
import { adminProcedure } from "../../trpc.ts";
import { connectionSelect, CreateConnectionInput, defaultIamTokenUrl, toConnectionOutput } from "./schemas.ts";

export const create = adminProcedure.input(CreateConnectionInput).mutation(async ({ ctx, input }) => {
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
