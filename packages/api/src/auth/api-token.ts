// API tokens for sibling apps and scripts: `Authorization: Bearer lbt_…`. A token is 32 random
// bytes with a recognisable prefix (so secret scanners and people can tell what leaked); only its
// sha256 is stored, so a database dump does not hand out working credentials. A request with a
// token acts as the token's user, in the token's workspace, with the lower of the token's role and
// the user's current role there (a demoted user's tokens are demoted with them).
import { createHash, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Db } from "../db.ts";
import { createContext, type Context, type CreateContextOptions } from "../context.ts";
import type { Role } from "../roles.ts";

export const API_TOKEN_PREFIX = "lbt_";
/** Characters of the token kept in clear to recognise it in lists ("lbt_" + 8). */
const SHOWN_CHARS = 12;
/** lastUsedAt is written at most once a minute per token: one write per request would be wasteful. */
const LAST_USED_RESOLUTION_MS = 60_000;
const TOKEN_SHAPE = /^lbt_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiToken {
  token: string;
  tokenHash: string;
  prefix: string;
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateApiToken(): GeneratedApiToken {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, SHOWN_CHARS) };
}

/** The token of an `Authorization` header value, or null when it is not a Lifeboat API token. */
export function bearerApiToken(authorization: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const token = m?.[1];
  return token?.startsWith(API_TOKEN_PREFIX) ? token : null;
}

/** What the context carries for a token request; `workspaceProcedure` caps the role with it. */
export interface ApiTokenPrincipal {
  id: string;
  name: string;
  workspaceId: string;
  role: Role;
}

const refused = (message: string) => new TRPCError({ code: "UNAUTHORIZED", message });

/**
 * Resolves a bearer token to its principal, or throws UNAUTHORIZED. The messages say why
 * (unknown, revoked, expired) without echoing the token.
 */
export async function resolveApiToken(db: Db, token: string, now = new Date()) {
  if (!TOKEN_SHAPE.test(token)) throw refused("Malformed API token: expected lbt_ followed by 43 characters");
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      name: true,
      workspaceId: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, disabled: true } },
    },
  });
  if (!row) throw refused("Unknown API token");
  if (row.revokedAt) throw refused(`API token "${row.name}" was revoked`);
  if (row.expiresAt && row.expiresAt <= now) throw refused(`API token "${row.name}" expired on ${row.expiresAt.toISOString()}`);
  if (row.user.disabled) throw refused("The API token's user is disabled");
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  const principal: ApiTokenPrincipal = { id: row.id, name: row.name, workspaceId: row.workspaceId, role: row.role };
  return { principal, user: row.user };
}

export type ApiTokenContextOptions = Omit<CreateContextOptions, "db" | "session" | "selectedWorkspaceId" | "persistWorkspaceSelection">;

/**
 * The tRPC context of a request that carries `Authorization: Bearer <token>` (the web app's
 * /api/trpc and /api/v1 routes call this instead of reading the next-auth session). Accepts the
 * header value or the bare token. Throws UNAUTHORIZED for anything but a live token.
 */
export async function contextFromApiToken(db: Db, bearer: string, opts: ApiTokenContextOptions): Promise<Context> {
  const token = bearer.startsWith(API_TOKEN_PREFIX) ? bearer.trim() : bearerApiToken(bearer);
  if (!token) throw refused("Expected Authorization: Bearer lbt_…");
  const { principal, user } = await resolveApiToken(db, token);
  return createContext({
    ...opts,
    db,
    session: { user: { id: user.id, email: user.email, name: user.name } },
    // The token's workspace is the only one it can act in; selection is not the caller's to make.
    selectedWorkspaceId: principal.workspaceId,
    apiToken: principal,
  });
}
