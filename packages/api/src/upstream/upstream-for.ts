// `upstreamFor(workspace)`: the upstream client of a workspace's bound connection. Clients are
// cached per connection id + updatedAt, so an edited connection (new key, URL) gets a new client
// on the next call while unchanged ones keep their IAM token cache.
import { TRPCError } from "@trpc/server";
import { decryptSecret } from "@lifeboat/db";
import { createUpstreamClient } from "@lifeboat/upstream";
import type { Db } from "../db.ts";
import { observedFetch } from "../metrics/upstream-calls.ts";
import { captureUpstreamRequestIds } from "../services/upstream-request-id.ts";

export type UpstreamClient = ReturnType<typeof createUpstreamClient>;

export interface ConnectionSettings {
  /** Names the upstream in the call metrics. */
  name?: string;
  serviceUrl: string;
  iamTokenUrl: string;
  tenantId: string;
  apiKeyCiphertext: string;
}

export interface UpstreamClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function clientForConnection(conn: ConnectionSettings, opts: UpstreamClientOptions = {}): UpstreamClient {
  return createUpstreamClient({
    serviceUrl: conn.serviceUrl,
    tenantId: conn.tenantId,
    auth: { type: "iam", apiKey: decryptSecret(conn.apiKeyCiphertext), tokenUrl: conn.iamTokenUrl },
    // Reports each response's request id to the running area procedure, for its audit row.
    fetch: captureUpstreamRequestIds(observedFetch(opts.fetch, conn.name ?? new URL(conn.serviceUrl).host)),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

export type UpstreamFor = (workspace: { id: string; connectionId: string | null }) => Promise<UpstreamClient>;

export function createUpstreamFor(deps: { db: Db } & UpstreamClientOptions): UpstreamFor {
  const cache = new Map<string, { updatedAt: number; client: UpstreamClient }>();
  return async (workspace) => {
    if (!workspace.connectionId) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "This workspace has no upstream connection yet; an admin must bind one",
      });
    }
    const conn = await deps.db.upstreamConnection.findUnique({
      where: { id: workspace.connectionId },
      select: { id: true, name: true, serviceUrl: true, iamTokenUrl: true, tenantId: true, apiKeyCiphertext: true, updatedAt: true },
    });
    if (!conn) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: "The workspace's upstream connection no longer exists" });
    }
    const cached = cache.get(conn.id);
    if (cached && cached.updatedAt === conn.updatedAt.getTime()) return cached.client;
    const client = clientForConnection(conn, deps);
    cache.set(conn.id, { updatedAt: conn.updatedAt.getTime(), client });
    return client;
  };
}
