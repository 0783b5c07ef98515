// Browser sessions, one Session row each. next-auth keeps its JWT cookie (the Credentials provider
// cannot use database sessions), but the JWT only carries the row's id: every request looks the
// row up (authedProcedure, and the web app's getSession), so deleting it ends the session on its
// next request — sign-out, password change, admin reset, disable, role change and "sign out" from
// Settings all come down to deleting rows here. Expired rows are purged by ops/housekeeping.ts.
import { randomBytes } from "node:crypto";
import type { Db, DbTx } from "../db.ts";

/** How long a session lives without being used (the JWT's maxAge is the same). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** lastSeenAt/expires are written at most this often per session (one UPDATE, not one per call). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
const USER_AGENT_MAX = 400;

export interface StartSessionInput {
  userId: string;
  userAgent: string | null;
  clientIp: string | null;
  /** "oidc" for an SSO sign-in (the identity provider handles second factors); default "password". */
  signInMethod?: SignInMethod;
}

export type SignInMethod = "password" | "oidc";

/** Creates the row of a new sign-in and returns its id (the JWT's `sid`). */
export async function startSession(db: Db, input: StartSessionInput, now = new Date()): Promise<string> {
  const row = await db.session.create({
    data: {
      userId: input.userId,
      // Never read back: the adapter's model requires a unique token, the JWT carries the id.
      sessionToken: randomBytes(32).toString("base64url"),
      expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
      userAgent: input.userAgent?.slice(0, USER_AGENT_MAX) || null,
      clientIp: input.clientIp,
      signInMethod: input.signInMethod ?? "password",
    },
    select: { id: true },
  });
  return row.id;
}

export interface ActiveSessionUser {
  id: string;
  email: string;
  name: string | null;
  isOps: boolean;
  isInstanceAdmin: boolean;
  /** Two-factor sign-in is on (confirmed). */
  hasTwoFactor: boolean;
}

/**
 * The user of a live session, or null when the session was ended, has expired, or its user is
 * disabled or gone. Slides the expiry and records the address at most once a minute.
 */
export async function findActiveSession(
  db: Db,
  sessionId: string,
  opts: { clientIp?: string | null; now?: Date } = {},
): Promise<{ sessionId: string; signInMethod: SignInMethod; user: ActiveSessionUser } | null> {
  const now = opts.now ?? new Date();
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expires: true,
      lastSeenAt: true,
      clientIp: true,
      signInMethod: true,
      user: { select: { id: true, email: true, name: true, isOps: true, isInstanceAdmin: true, disabled: true, totpEnabledAt: true } },
    },
  });
  if (!row || row.expires <= now || row.user.disabled) return null;
  const clientIp = opts.clientIp ?? row.clientIp;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS || clientIp !== row.clientIp) {
    // updateMany: a row deleted in between is not an error, the next request sees it gone.
    await db.session.updateMany({
      where: { id: row.id },
      data: { lastSeenAt: now, expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000), clientIp },
    });
  }
  const { disabled: _disabled, totpEnabledAt, ...rest } = row.user;
  const user = { ...rest, hasTwoFactor: totpEnabledAt !== null };
  return { sessionId: row.id, signInMethod: row.signInMethod === "oidc" ? "oidc" : "password", user };
}

/** Ends one session (sign-out). Ending a session that is already gone is not an error. */
export async function endSession(db: Db | DbTx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/**
 * Ends every session of a user, except `keep` (the session that changed its own password keeps
 * working; the others — maybe the attacker's — end). Returns how many ended.
 */
export async function endUserSessions(db: Db | DbTx, userId: string, opts: { keep?: string | null } = {}): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(opts.keep ? { id: { not: opts.keep } } : {}) },
  });
  return count;
}
