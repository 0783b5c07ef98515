// The tRPC instance and the closed set of base procedures every router builds on:
// publicProcedure, authedProcedure, sessionProcedure, workspaceProcedure(minRole), adminProcedure,
// workspaceManagerProcedure(key), instanceAdminProcedure, opsProcedure. Who may do what is decided in
// authority.ts; mutations are audited and errors mapped here, once, for all of them.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context.ts";
import { formatError, logInternalError, toTRPCError, upstreamRequestIdOf } from "./errors.ts";
import type { AuditScope } from "./audit/scope.ts";
import { collectTargetIds } from "./audit/scope.ts";
import { writeAuditEvent } from "./audit/write-audit-event.ts";
import { z } from "zod";
import { requireInstanceAdmin, requireSession, requireTwoFactorSetUp, requireWorkspaceManager, requireWorkspaceRole } from "./authority.ts";
import type { Role } from "./roles.ts";
import { IdSchema } from "./schemas.ts";
import { findActiveSession, type ActiveSessionUser } from "./auth/sessions.ts";
import { adminTwoFactorRequired } from "./auth/two-factor.ts";
import type { Db } from "./db.ts";
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

/** The user of a context without a browser session row (API tokens, server code, tests). */
async function userWithoutBrowserSession(db: Db, id: string): Promise<ActiveSessionUser | null> {
  const row = await db.user.findFirst({
    where: { id, disabled: false },
    select: { id: true, email: true, name: true, isOps: true, isInstanceAdmin: true, totpEnabledAt: true },
  });
  if (!row) return null;
  const { totpEnabledAt, ...user } = row;
  return { ...user, hasTwoFactor: totpEnabledAt !== null };
}

/**
 * Signed in, and still allowed to be: the user is re-read on every call so that disabling a user
 * or revoking ops takes effect immediately, whatever the session cookie says.
 */
export const authedProcedure = publicProcedure.use(async ({ ctx, path, next }) => {
  const sessionUser = ctx.session?.user;
  if (!sessionUser?.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const sessionId = ctx.session?.sessionId;
  // A browser session must still have its row: signing out, a password change or reset, disabling
  // and role changes delete it (auth/sessions.ts).
  const active = sessionId ? await findActiveSession(ctx.db, sessionId, { clientIp: ctx.clientIp }) : null;
  const user = sessionId ? (active?.user ?? null) : await userWithoutBrowserSession(ctx.db, sessionUser.id);
  if (!user || user.id !== sessionUser.id) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session is no longer valid; sign in again" });
  }
  ctx.audit.userId = user.id;
  ctx.audit.actor = ctx.apiToken ? `${user.email} (API token "${ctx.apiToken.name}")` : user.email;
  await ctx.rateLimiter.consume({ userId: user.id, tokenId: ctx.apiToken?.id ?? null });
  // "Require two-factor for admins": an instance admin who signed in with a password and has no
  // second factor may only set it up (and see their sessions) until they have (authority.ts).
  const twoFactorSetupRequired =
    !ctx.apiToken && user.isInstanceAdmin && !user.hasTwoFactor && (active?.signInMethod ?? "password") === "password"
      ? await adminTwoFactorRequired(ctx.db)
      : false;
  if (twoFactorSetupRequired) requireTwoFactorSetUp(path);
  return next({ ctx: { user, twoFactorSetupRequired, signInMethod: active?.signInMethod ?? ("password" as const) } });
});

/**
 * Signed in with a session, not an API token: what changes identities and access (users, roles,
 * memberships, tokens, passwords, upstream connections) is never done by a token (authority.ts).
 */
export const sessionProcedure = authedProcedure.use(async ({ ctx, path, next }) => {
  requireSession({ user: ctx.user, apiToken: ctx.apiToken }, path);
  return next();
});

/** Instance admin: users, workspaces, upstream connections (authority.ts). */
export const instanceAdminProcedure = sessionProcedure.use(async ({ ctx, path, next }) => {
  requireInstanceAdmin({ user: ctx.user, apiToken: ctx.apiToken }, path);
  return next();
});

/**
 * The caller's workspace (from the selection the web app passes in the context, never from input)
 * and the one role check of the BFF; an API token acts with the lower of its own role and the
 * user's current one.
 */
export function workspaceProcedure(minRole: Role, opts: { sessionOnly?: boolean } = {}) {
  return (opts.sessionOnly ? sessionProcedure : authedProcedure).use(async ({ ctx, next }) => {
    const membership = await resolveMembership(ctx.db, ctx.user.id, ctx.selectedWorkspaceId);
    const principal = { user: ctx.user, apiToken: ctx.apiToken };
    const { role, workspace } = requireWorkspaceRole(principal, membership, minRole, Boolean(ctx.selectedWorkspaceId));
    ctx.audit.workspaceId = workspace.id;
    return next({ ctx: { workspace, role } });
  });
}

/**
 * Admin of the selected workspace: its settings (alert channels and rules, its audit rows, its
 * members' list). Users, workspaces and upstream connections are instanceAdminProcedure's.
 */
export const adminProcedure = workspaceProcedure("admin");

/**
 * Manages the workspace named by `input[key]` (its members, its name): an instance admin, or an
 * admin of that workspace — whichever workspace is selected. Session only. Adds `managedWorkspace`.
 */
export function workspaceManagerProcedure<K extends "id" | "workspaceId">(key: K) {
  const input = z.object({ [key]: IdSchema }) as z.ZodObject<{ [P in K]: typeof IdSchema }>;
  return sessionProcedure.input(input).use(async ({ ctx, input, next }) => {
    const workspaceId = (input as Record<K, string>)[key];
    const managedWorkspace = await requireWorkspaceManager(ctx.db, { user: ctx.user, apiToken: ctx.apiToken }, workspaceId);
    ctx.audit.workspaceId = managedWorkspace.id;
    return next({ ctx: { managedWorkspace } });
  });
}

/** The ops dashboard across all workspaces (global `isOps` flag, independent of workspace roles). */
export const opsProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isOps) throw new TRPCError({ code: "FORBIDDEN", message: "This needs ops access" });
  // Tokens are scoped to one workspace; the cross-workspace ops view needs a signed-in session.
  if (ctx.apiToken) throw new TRPCError({ code: "FORBIDDEN", message: "API tokens cannot use ops procedures; sign in" });
  return next({ ctx: { user: { ...ctx.user, isOps: true as const } } });
});
