// @lifeboat/client — typed client of the Lifeboat portal API for other TypeScript apps. It speaks
// tRPC over HTTP (batched, superjson) to the portal's /api/trpc with an API token; its types come
// from src/generated/app-router.ts, a structural copy of the BFF router (no internal imports), so
// a consumer needs only this package, @trpc/client, @trpc/server (types) and superjson.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { LifeboatErrorData, LifeboatRouter } from "./generated/app-router.ts";

export type { LifeboatErrorData, LifeboatRouter } from "./generated/app-router.ts";
export { TRPCClientError };

export interface LifeboatClientOptions {
  /** The portal's base URL, e.g. `https://backup.example.com` (the client adds `/api/trpc`). */
  url: string;
  /** An API token (`lbt_…`) created in the portal; it decides the workspace and the role. */
  token: string;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof fetch;
  /** Calls made in the same tick go in one HTTP request, up to this many (default 10). */
  maxBatchSize?: number;
}

const TOKEN_SHAPE = /^lbt_[A-Za-z0-9_-]{43}$/;

export function createLifeboatClient(opts: LifeboatClientOptions) {
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    throw new Error(`createLifeboatClient: url must be an absolute http(s) URL (got "${opts.url}")`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new Error(`createLifeboatClient: url must use http or https (got ${base.protocol})`);
  // Never echo the token itself in the message.
  if (!TOKEN_SHAPE.test(opts.token)) throw new Error("createLifeboatClient: token must be a Lifeboat API token (lbt_ followed by 43 characters)");
  const authorization = `Bearer ${opts.token}`;
  return createTRPCClient<LifeboatRouter>({
    links: [
      httpBatchLink({
        url: new URL("api/trpc", base.href.endsWith("/") ? base.href : `${base.href}/`).href,
        transformer: superjson,
        maxItems: opts.maxBatchSize ?? 10,
        headers: () => ({ authorization }),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      }),
    ],
  });
}

export type LifeboatClient = ReturnType<typeof createLifeboatClient>;

/** The portal's error details of a failed call (field errors, upstream request id), if any. */
export function lifeboatErrorData(error: unknown): LifeboatErrorData | null {
  return error instanceof TRPCClientError ? ((error.data as LifeboatErrorData | undefined) ?? null) : null;
}
