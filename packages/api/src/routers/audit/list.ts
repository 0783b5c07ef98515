import type { Prisma } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { LimitSchema } from "../../schemas.ts";
import { adminListScope } from "../../authority.ts";
import { authedProcedure } from "../../trpc.ts";
import { resolveMembership } from "../../workspace-access.ts";

export const AUDIT_SORTS = ["at", "actor", "procedure"] as const;
type AuditSort = (typeof AUDIT_SORTS)[number];

export const AuditListInput = z
  .object({
    /** Opaque: the sort keys of the last row of the previous page (see `after`). */
    cursor: z.string().max(1000).nullish(),
    limit: LimitSchema,
    procedure: z.string().trim().min(1).max(120).optional(),
    userId: z.string().trim().min(1).max(64).optional(),
    /** Part of the actor as recorded (email, or "email (API token …)"), case-insensitive. */
    actor: z.string().trim().min(1).max(254).optional(),
    outcome: z.enum(["ok", "error"]).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    sort: z.enum(AUDIT_SORTS).default("at"),
    /** Not `direction`: tRPC infinite queries put their own `direction` ("forward") in the input. */
    order: z.enum(["asc", "desc"]).default("desc"),
  })
  .refine((i) => !i.from || !i.to || i.from <= i.to, { message: "`from` must not be after `to`", path: ["from"] });

type Input = z.infer<typeof AuditListInput>;
type Cursor = [sort: AuditSort, direction: "asc" | "desc", key: string | null, at: string, id: string];

const badCursor = (message: string) => new TRPCError({ code: "BAD_REQUEST", message });

function readCursor(cursor: string, input: Input): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor("cursor is not valid; start again without a cursor");
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === 5 &&
    (parsed[2] === null || typeof parsed[2] === "string") &&
    typeof parsed[3] === "string" &&
    !Number.isNaN(Date.parse(parsed[3])) &&
    typeof parsed[4] === "string" &&
    /^\d{1,19}$/.test(parsed[4]);
  if (!ok) throw badCursor("cursor is not valid; start again without a cursor");
  const c = parsed as Cursor;
  if (c[0] !== input.sort || c[1] !== input.order) {
    throw badCursor(`cursor belongs to the sort ${c[0]} ${c[1]}, not ${input.sort} ${input.order}; start again without a cursor`);
  }
  if (input.sort !== "at" && c[2] === null) throw badCursor("cursor is not valid; start again without a cursor");
  return c;
}

/** Keyset: rows after the cursor in the order (sort key, at, id), every key non-null. */
function after(c: Cursor, input: Input): Prisma.AuditEventWhereInput {
  const op = input.order === "asc" ? "gt" : "lt";
  const at = new Date(c[3]);
  const id = BigInt(c[4]);
  const byTime: Prisma.AuditEventWhereInput[] = [{ at: { [op]: at } }, { at, id: { [op]: id } }];
  if (input.sort === "at") return { OR: byTime };
  const key = input.sort;
  return { OR: [{ [key]: { [op]: c[2] } }, { [key]: c[2], OR: byTime }] };
}

/**
 * Newest first by default; also oldest first, or by actor or procedure (then time). `procedure`
 * matches a path exactly or, ending in ".", a router prefix ("user."). Paged by keyset, never OFFSET.
 */
export const list = authedProcedure.input(AuditListInput).query(async ({ ctx, input }) => {
  // Instance admins read every row; a workspace admin the rows of the selected workspace.
  const membership = await resolveMembership(ctx.db, ctx.user.id, ctx.selectedWorkspaceId);
  const scope = adminListScope({ user: ctx.user, apiToken: ctx.apiToken }, membership, Boolean(ctx.selectedWorkspaceId));
  const cursor = input.cursor ? readCursor(input.cursor, input) : null;
  const dir = input.order;
  const rows = await ctx.db.auditEvent.findMany({
    where: {
      ...(scope ?? {}),
      ...(input.procedure
        ? { procedure: input.procedure.endsWith(".") ? { startsWith: input.procedure } : input.procedure }
        : {}),
      ...(input.userId ? { userId: input.userId } : {}),
      ...(input.actor ? { actor: { contains: input.actor, mode: "insensitive" as const } } : {}),
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.from || input.to
        ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
        : {}),
      ...(cursor ? { AND: [after(cursor, input)] } : {}),
    },
    orderBy: [...(input.sort === "at" ? [] : [{ [input.sort]: dir }]), { at: dir }, { id: dir }],
    take: input.limit + 1,
    select: {
      id: true,
      at: true,
      userId: true,
      actor: true,
      workspaceId: true,
      procedure: true,
      targetIds: true,
      outcome: true,
      errorCode: true,
      upstreamRequestId: true,
      durationMs: true,
      clientIp: true,
    },
  });
  const hasMore = rows.length > input.limit;
  const items = hasMore ? rows.slice(0, input.limit) : rows;
  const last = items.at(-1);
  const nextCursor =
    hasMore && last
      ? Buffer.from(
          JSON.stringify([input.sort, dir, input.sort === "at" ? null : last[input.sort], last.at.toISOString(), last.id.toString()] satisfies Cursor),
          "utf8",
        ).toString("base64url")
      : null;
  return {
    items: items.map((r) => ({ ...r, id: r.id.toString(), targetIds: Array.isArray(r.targetIds) ? (r.targetIds as string[]) : [] })),
    nextCursor,
  };
});
