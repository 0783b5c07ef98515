import { randomBytes } from "node:crypto";
import { hashPassword } from "@lifeboat/db";
import { z } from "zod";
import { RoleSchema } from "../../roles.ts";
import { EmailSchema, IdSchema, PasswordSchema, PersonNameSchema } from "../../schemas.ts";
import { instanceAdminProcedure } from "../../trpc.ts";
import { toUserOutput, userSelect } from "./user-select.ts";

/**
 * Creates a password user. Without a password one is generated and returned once as
 * `generatedPassword` (there is no invitation mail); it is never stored or logged in clear.
 */
export const create = instanceAdminProcedure
  .input(
    z.object({
      email: EmailSchema,
      name: PersonNameSchema.optional(),
      password: PasswordSchema.optional(),
      isOps: z.boolean().default(false),
      /** Instance admin: manages users, workspaces and upstream connections. */
      isInstanceAdmin: z.boolean().default(false),
      /** Optional first membership, so a new user can sign in to something. */
      membership: z.object({ workspaceId: IdSchema, role: RoleSchema }).optional(),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    ctx.audit.workspaceId = input.membership?.workspaceId ?? null;
    const generatedPassword = input.password ? null : randomBytes(18).toString("base64url");
    const passwordHash = await hashPassword(input.password ?? (generatedPassword as string));
    const user = await ctx.db.user.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        isOps: input.isOps,
        isInstanceAdmin: input.isInstanceAdmin,
        ...(input.membership
          ? { memberships: { create: { workspaceId: input.membership.workspaceId, role: input.membership.role } } }
          : {}),
      },
      select: userSelect,
    });
    // The id sits below `user` in the output, where the audit middleware does not look for it.
    ctx.audit.targetIds.add(user.id);
    return { user: toUserOutput(user), generatedPassword };
  });
