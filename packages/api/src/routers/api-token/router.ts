// API tokens (`lbt_…`) for sibling apps and scripts; see auth/api-token.ts for how a request with
// one is authenticated. Users manage their own tokens; workspace admins see and revoke all of the
// workspace's tokens.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { hasRole } from "../../roles.ts";
import { router, workspaceProcedure } from "../../trpc.ts";
import { create } from "./create.ts";
import { ApiTokenListInput, ApiTokenRevokeInput, ApiTokenSchema, apiTokenSelect, toApiTokenView } from "./schemas.ts";

const list = workspaceProcedure("viewer")
  .meta({ openapi: { method: "GET", path: "/api-tokens", tags: ["apiToken"], summary: "List API tokens (admins: all of the workspace)" } })
  .input(ApiTokenListInput)
  .output(z.object({ items: z.array(ApiTokenSchema), nextCursor: z.string().nullable() }))
  .query(async ({ ctx, input }) => {
    const now = new Date();
    const rows = await ctx.db.apiToken.findMany({
      where: {
        workspaceId: ctx.workspace.id,
        ...(hasRole(ctx.role, "admin") ? {} : { userId: ctx.user.id }),
        ...(input.includeInactive ? {} : { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      take: input.limit + 1,
      select: apiTokenSelect,
    });
    const hasMore = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map((r) => toApiTokenView(r, now));
    return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
  });

// Session only, like create: a token minting tokens would outlive its own expiry and revocation,
// and one revoking others could lock the workspace's automation out.
const revoke = workspaceProcedure("viewer", { sessionOnly: true })
  .meta({ openapi: { method: "POST", path: "/api-tokens/{id}/revoke", tags: ["apiToken"], summary: "Revoke an API token" } })
  .input(ApiTokenRevokeInput)
  .output(ApiTokenSchema)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.db.apiToken.findFirst({
      where: { id: input.id, workspaceId: ctx.workspace.id, ...(hasRole(ctx.role, "admin") ? {} : { userId: ctx.user.id }) },
      select: { id: true, revokedAt: true },
    });
    // Someone else's token is reported as missing, not as forbidden: its existence is not ours to see.
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such API token in this workspace" });
    const updated = await ctx.db.apiToken.update({
      where: { id: row.id },
      data: { revokedAt: row.revokedAt ?? new Date() },
      select: apiTokenSelect,
    });
    return toApiTokenView(updated);
  });

export const apiTokenRouter = router({ create, list, revoke });
