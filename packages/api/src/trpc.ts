// The tRPC instance and the closed set of base procedures every router builds on:
// publicProcedure, authedProcedure, workspaceProcedure(minRole), adminProcedure, opsProcedure.
// Mutations are audited and errors mapped here, once, for all of them.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context.ts";
import { formatError, logInternalError, toTRPCError, upstreamRequestIdOf } from "./errors.ts";
import type { AuditScope } from "./audit/scope.ts";
import { collectTargetIds } from "./audit/scope.ts";
import { writeAuditEvent } from "./audit/write-audit-event.ts";
import { hasRole, type Role } from "./roles.ts";
import { resolveMembership } from "./workspace-access.ts";

// `meta({ openapi })` puts a procedure into the OpenAPI document and the /api/v1 REST door (src/openapi).
const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter: formatError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Outermost layer: opens the audit scope and, for mutations, writes one AuditEvent with the
 * outcome — also for calls refused by the role checks below, which are worth seeing.
 */
const audit = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const scope: AuditScope = {
    userId: null,
    actor: ctx.session?.user.email ?? "anonymous",
    workspaceId: null,
    targetIds: new Set(),
    upstreamRequestId: null,
  };
  const started = performance.now();
  const result = await next({ ctx: { audit: scope } });
  if (type !== "mutation") return result;
  const rawInput = await getRawInput().catch(() => undefined);
  const error = result.ok ? null : result.error;
  await writeAuditEvent(
    ctx.db,
    {
      userId: scope.userId,
      actor: scope.actor,
      workspaceId: scope.workspaceId,
      procedure: path,
      targetIds: collectTargetIds(scope, rawInput, result.ok ? result.data : undefined),
      outcome: error ? "error" : "ok",
      errorCode: error?.code ?? null,
      upstreamRequestId: scope.upstreamRequestId ?? (error ? upstreamRequestIdOf(error) : null),
      durationMs: performance.now() - started,
      clientIp: ctx.clientIp,
    },
    ctx.log,
  );
  return result;
});

/**
 * Innermost of the base layers: whatever the layers below throw leaves as a mapped TRPCError. A
 * failure that maps to nothing known is the BFF's own bug: logged here with its cause and the
 * upstream request id of the call the procedure made, whichever adapter (tRPC, REST, server
 * components) ran it.
 */
export const publicProcedure = t.procedure.use(audit).use(async function mapErrors({ ctx, path, type, next }) {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error);
  logInternalError(ctx.log, { error: mapped, path, type, upstreamRequestId: ctx.audit.upstreamRequestId });
  throw mapped;
});

/**
 * Signed in, and still allowed to be: the user is re-read on every call so that disabling a user
 * or revoking ops takes effect immediately, whatever the session cookie says.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const sessionUser = ctx.session?.user;
  if (!sessionUser?.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const user = await ctx.db.user.findUnique({
    where: { id: sessionUser.id },
    select: { id: true, email: true, name: true, isOps: true, disabled: true },
  });
  if (!user || user.disabled) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session is no longer valid; sign in again" });
  }
  ctx.audit.userId = user.id;
  ctx.audit.actor = ctx.apiToken ? `${user.email} (API token "${ctx.apiToken.name}")` : user.email;
  await ctx.rateLimiter.consume({ userId: user.id, tokenId: ctx.apiToken?.id ?? null });
  return next({ ctx: { user } });
});

/**
 * The caller's workspace (from the selection the web app passes in the context, never from input)
 * and the one role check of the BFF.
 */
export function workspaceProcedure(minRole: Role) {
  return authedProcedure.use(async ({ ctx, next }) => {
    const membership = await resolveMembership(ctx.db, ctx.user.id, ctx.selectedWorkspaceId);
    if (!membership) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: ctx.selectedWorkspaceId
          ? "You are not a member of the selected workspace"
          : "You are not a member of any workspace yet; ask an admin for access",
      });
    }
    ctx.audit.workspaceId = membership.workspace.id;
    // An API token acts with the lower of its own role and the user's current one.
    const role = ctx.apiToken && !hasRole(ctx.apiToken.role, membership.role) ? ctx.apiToken.role : membership.role;
    if (!hasRole(role, minRole)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${minRole} role in workspace "${membership.workspace.name}" (you are ${role}${ctx.apiToken ? " through this API token" : ""})`,
      });
    }
    return next({ ctx: { workspace: membership.workspace, role } });
  });
}

/**
 * Admin of the selected workspace. Admin rights are portal-wide in effect (users, workspaces,
 * upstream connections, audit): workspaces separate views and operator scopes inside one
 * organisation, not mutually distrusting tenants.
 */
export const adminProcedure = workspaceProcedure("admin");

/** The ops dashboard across all workspaces (global `isOps` flag, independent of workspace roles). */
export const opsProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isOps) throw new TRPCError({ code: "FORBIDDEN", message: "This needs ops access" });
  // Tokens are scoped to one workspace; the cross-workspace ops view needs a signed-in session.
  if (ctx.apiToken) throw new TRPCError({ code: "FORBIDDEN", message: "API tokens cannot use ops procedures; sign in" });
  return next({ ctx: { user: { ...ctx.user, isOps: true as const } } });
});
