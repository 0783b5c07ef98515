// The tRPC context. Everything a handler needs is injected here, so a test builds it without a
// request and the web app builds it from next-auth's session and the request headers.
import type { Db } from "./db.ts";
import type { ApiLog } from "./log.ts";
import { createUpstreamFor, type UpstreamFor } from "./upstream/upstream-for.ts";
import type { ApiTokenPrincipal } from "./auth/api-token.ts";
import { LIVE_ACCESS_RECHECK_MS } from "./live/access-recheck.ts";
import { apiRateLimitsFromEnv, createApiRateLimiter, type ApiRateLimiter } from "./rate-limit/api-rate-limiter.ts";

/** The part of next-auth's session the BFF reads (the web app's session callback adds `id`). */
export interface SessionUser {
  id: string;
  email?: string | null;
  name?: string | null;
}

export interface Session {
  user: SessionUser;
  /**
   * The Session row of a browser session (the JWT's `sid`), set by the web app. When present,
   * authedProcedure refuses the call once the row is gone (auth/sessions.ts). Absent for contexts
   * built by server code that authenticated otherwise (API tokens, tests).
   */
  sessionId?: string;
}

export interface CreateContextOptions {
  db: Db;
  session: Session | null;
  clientIp: string | null;
  log: ApiLog;
  /**
   * Builds the upstream client of a workspace. Pass one long-lived instance (its cache is per
   * instance); when omitted each context gets its own, which works but caches nothing.
   */
  upstreamFor?: UpstreamFor;
  /**
   * The workspace the user selected, read by the web app from its `lifeboat-workspace` cookie.
   * Never taken from procedure input: a request cannot name a workspace it is not a member of
   * without `workspaceProcedure` refusing it.
   */
  selectedWorkspaceId?: string | null;
  /** Persists a new selection (the web app sets the cookie); called by `me.selectWorkspace`. */
  persistWorkspaceSelection?: (workspaceId: string) => void;
  /**
   * Set by `contextFromApiToken` only: the request authenticated with an API token, which fixes
   * the workspace and caps the role (see trpc.ts `workspaceProcedure`).
   */
  apiToken?: ApiTokenPrincipal | null;
  /**
   * Per-user/per-token request limits. Defaults to one limiter per process (limits from
   * API_RATE_LIMIT_* env, see rate-limit/api-rate-limiter.ts); tests pass their own.
   */
  rateLimiter?: ApiRateLimiter;
  /**
   * How often a running subscription re-checks that its caller may still watch (live/access-recheck.ts);
   * default 30 s. Tests pass a shorter one.
   */
  liveAccessRecheckMs?: number;
}

let processRateLimiter: ApiRateLimiter | undefined;
function defaultRateLimiter(): ApiRateLimiter {
  processRateLimiter ??= createApiRateLimiter(apiRateLimitsFromEnv());
  return processRateLimiter;
}

export function createContext(opts: CreateContextOptions) {
  return {
    db: opts.db,
    session: opts.session,
    clientIp: opts.clientIp,
    log: opts.log,
    upstreamFor: opts.upstreamFor ?? createUpstreamFor({ db: opts.db }),
    selectedWorkspaceId: opts.selectedWorkspaceId ?? null,
    persistWorkspaceSelection: opts.persistWorkspaceSelection ?? (() => {}),
    apiToken: opts.apiToken ?? null,
    rateLimiter: opts.rateLimiter ?? defaultRateLimiter(),
    liveAccessRecheckMs: opts.liveAccessRecheckMs ?? LIVE_ACCESS_RECHECK_MS,
  };
}

export type Context = ReturnType<typeof createContext>;
