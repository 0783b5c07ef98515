// Builds the BFF context for a request: the next-auth session, the client IP and the selected
// workspace cookie. Used by the /api/trpc route and by server components (in-process caller).
import "server-only";
import { createCaller, createContext, findActiveSession } from "@lifeboat/api";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { WORKSPACE_COOKIE, WORKSPACE_COOKIE_MAX_AGE } from "@/lib/workspace-cookie.ts";
import { authOptions } from "./auth.ts";
import { clientIpFrom } from "./client-ip.ts";
import { getDb, getLog, getUpstreamFor } from "./db.ts";

/**
 * The signed-in user of this request, or null — also when the JWT is still valid but its Session
 * row has ended (signed out elsewhere, password changed, disabled…) or it predates Session rows.
 */
export const getSession = cache(async () => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id || !session.sessionId) return null;
  const active = await findActiveSession(getDb(), session.sessionId, { clientIp: clientIpFrom(await headers()) });
  if (!active || active.user.id !== session.user.id) return null;
  return { ...session, sessionId: active.sessionId };
});

function toApiSession(session: Awaited<ReturnType<typeof getSession>>) {
  if (!session) return null;
  return {
    user: { id: session.user.id, email: session.user.email ?? null, name: session.user.name ?? null },
    sessionId: session.sessionId,
  };
}

function workspaceCookie(workspaceId: string, secure: boolean): string {
  const base = `${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}; Path=/; Max-Age=${WORKSPACE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly`;
  return secure ? `${base}; Secure` : base;
}

/** Behind TLS (directly or through a proxy that says so) the cookie is marked Secure. */
function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Context of a /api/trpc request; a workspace switch sets the cookie on the response. */
export async function createRequestContext(req: Request, resHeaders: Headers) {
  const session = await getSession();
  const selected = (await cookies()).get(WORKSPACE_COOKIE)?.value ?? null;
  return createContext({
    db: getDb(),
    session: toApiSession(session),
    clientIp: clientIpFrom(req.headers),
    log: getLog(),
    upstreamFor: getUpstreamFor(),
    selectedWorkspaceId: selected,
    persistWorkspaceSelection: (workspaceId) => resHeaders.append("Set-Cookie", workspaceCookie(workspaceId, isHttps(req))),
  });
}

/** In-process caller for server components (reads only; they cannot set cookies). */
export async function serverCaller() {
  const [session, cookieStore, headerList] = await Promise.all([getSession(), cookies(), headers()]);
  return createCaller(
    createContext({
      db: getDb(),
      session: toApiSession(session),
      clientIp: clientIpFrom(headerList),
      log: getLog(),
      upstreamFor: getUpstreamFor(),
      selectedWorkspaceId: cookieStore.get(WORKSPACE_COOKIE)?.value ?? null,
    }),
  );
}
