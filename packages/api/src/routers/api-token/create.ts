import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { generateApiToken } from "../../auth/api-token.ts";
import { hasRole } from "../../roles.ts";
import { workspaceProcedure } from "../../trpc.ts";
import { ApiTokenCreateInput, ApiTokenSchema, apiTokenSelect, toApiTokenView } from "./schemas.ts";

const DAY_MS = 86_400_000;

/**
 * A new token in the caller's workspace with a role no higher than the caller's own there. The
 * token itself is in this response only; the database keeps its sha256.
 */
export const create = workspaceProcedure("viewer", { sessionOnly: true })
  .meta({ openapi: { method: "POST", path: "/api-tokens", tags: ["apiToken"], summary: "Create an API token (shown once)" } })
  .input(ApiTokenCreateInput)
  .output(z.object({ token: z.string(), apiToken: ApiTokenSchema }))
  .mutation(async ({ ctx, input }) => {
    if (!hasRole(ctx.role, input.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `A token cannot have a higher role than yours (you are ${ctx.role}, asked for ${input.role})`,
      });
    }
    const generated = generateApiToken();
    const row = await ctx.db.apiToken.create({
      data: {
        name: input.name,
        role: input.role,
        userId: ctx.user.id,
        workspaceId: ctx.workspace.id,
        tokenHash: generated.tokenHash,
        prefix: generated.prefix,
        expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
      },
      select: apiTokenSelect,
    });
    ctx.audit.targetIds.add(row.id);
    return { token: generated.token, apiToken: toApiTokenView(row) };
  });
