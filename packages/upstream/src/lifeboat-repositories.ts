// Lifeboat engine extensions for host repositories (apps/engine areas/repositories/routes.ts): the
// repository of a host with its last `restic check` and reconcile results, a check on request, and
// the admin's explicit "replace this host's agent". Like the other extensions they live beside /v2
// and a non-Lifeboat upstream's 404/501 becomes NotSupported.
import type { OperationDef } from "@lifeboat/contracts";
import { z } from "zod";
import { extensionNotSupported, UpstreamError } from "./errors.ts";
import type { Transport } from "./transport.ts";
import type { CallOptions } from "./types.ts";

export const HostRepositoryViewSchema = z.looseObject({
  repositoryId: z.string(),
  sourceId: z.number(),
  hostName: z.string().nullable(),
  storage: z.looseObject({ kind: z.string(), path: z.string().optional(), endpoint: z.string().optional(), bucket: z.string().optional(), prefix: z.string().optional() }),
  createdAt: z.string(),
  initialized: z.boolean(),
  check: z.looseObject({
    status: z.string(),
    lastRunAt: z.string().optional(),
    message: z.string().optional(),
    readDataSubset: z.string().optional(),
    nextDueAt: z.string().optional(),
  }),
  reconcile: z.looseObject({
    lastRunAt: z.string().optional(),
    orphanSnapshots: z.array(z.looseObject({ id: z.string(), time: z.string(), hostname: z.string(), tags: z.array(z.string()) })),
    missingSnapshots: z.array(
      z.looseObject({ snapshotId: z.string(), resticSnapshotId: z.string().nullable(), runId: z.string(), timestampUsecs: z.number(), missingSince: z.string() }),
    ),
  }),
});
export type HostRepositoryView = z.infer<typeof HostRepositoryViewSchema>;

const SourceId = z.strictObject({ sourceId: z.string().regex(/^\d{1,18}$/, "sourceId must be a numeric source id") });

const repositoryDef = {
  name: "lifeboatHostRepository",
  sdkName: "LifeboatHostRepository",
  area: "source",
  method: "GET",
  path: "/../lifeboat/v1/sources/{sourceId}/repository",
  successStatus: 200,
  pathParams: SourceId,
  response: HostRepositoryViewSchema,
  responseKind: "json",
  idempotent: true,
} as OperationDef;

const repositoriesDef = {
  name: "lifeboatHostRepositories",
  sdkName: "LifeboatHostRepositories",
  area: "source",
  method: "GET",
  path: "/../lifeboat/v1/repositories",
  successStatus: 200,
  response: z.looseObject({ repositories: z.array(HostRepositoryViewSchema) }),
  responseKind: "json",
  idempotent: true,
} as OperationDef;

const checkDef = {
  name: "lifeboatCheckHostRepository",
  sdkName: "LifeboatCheckHostRepository",
  area: "source",
  method: "POST",
  path: "/../lifeboat/v1/repositories/{repositoryId}/check",
  successStatus: 202,
  pathParams: z.strictObject({ repositoryId: z.string().regex(/^[0-9a-f]{32}$/, "repositoryId must be a repository id") }),
  response: z.looseObject({ repositoryId: z.string(), checkRequested: z.boolean() }),
  responseKind: "json",
  idempotent: false,
} as OperationDef;

const replaceAgentDef = {
  name: "lifeboatReplaceAgent",
  sdkName: "LifeboatReplaceAgent",
  area: "source",
  method: "POST",
  path: "/../lifeboat/v1/sources/{sourceId}/replace-agent",
  successStatus: 200,
  pathParams: SourceId,
  body: z.strictObject({ connectorId: z.string().regex(/^\d{1,20}$/, "connectorId must be a connector id") }),
  response: z.looseObject({ sourceId: z.number(), connectorId: z.string(), previousConnectorId: z.string().nullable() }),
  responseKind: "json",
  idempotent: false,
} as OperationDef;

export interface HostRepositoryExtensions {
  /** Every host repository of the tenant with its last check and reconcile (GET /lifeboat/v1/repositories). */
  hostRepositories(options?: CallOptions): Promise<HostRepositoryView[]>;
  /** The host's repository, or null before its first backup (GET /lifeboat/v1/sources/{id}/repository). */
  hostRepository(sourceId: number | string, options?: CallOptions): Promise<HostRepositoryView | null>;
  /** Asks the engine to check the repository now (202). */
  checkHostRepository(repositoryId: string, options?: CallOptions): Promise<void>;
  /** Binds the host's registration to another connector (an admin's explicit action). */
  replaceAgent(sourceId: number | string, connectorId: string, options?: CallOptions): Promise<{ connectorId: string; previousConnectorId: string | null }>;
}

const NO_REPOSITORY_YET = /has no repository yet/;
/** The engine's own 404s of these routes (an unknown or other tenant's source/repository); any other 404 = route missing. */
const ENGINE_NOT_FOUND = /^(source|repository) \S+ was not found$/;

function notSupported(error: unknown, what: string, operation: string): never {
  if (error instanceof UpstreamError && (error.status === 501 || (error.status === 404 && !ENGINE_NOT_FOUND.test(error.message)))) {
    throw extensionNotSupported(error, operation, `this upstream does not ${what} (a Lifeboat engine extension)`);
  }
  throw error;
}

export function hostRepositoryExtensions(transport: Transport): HostRepositoryExtensions {
  return {
    async hostRepositories(options) {
      try {
        return ((await transport.call(repositoriesDef, {}, options)) as { repositories: HostRepositoryView[] }).repositories;
      } catch (error) {
        return notSupported(error, "keep per-host repositories", repositoriesDef.name);
      }
    },
    async hostRepository(sourceId, options) {
      try {
        return (await transport.call(repositoryDef, { pathParams: { sourceId: String(sourceId) } }, options)) as HostRepositoryView;
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404 && NO_REPOSITORY_YET.test(error.message)) return null;
        return notSupported(error, "keep per-host repositories", repositoryDef.name);
      }
    },
    async checkHostRepository(repositoryId, options) {
      try {
        await transport.call(checkDef, { pathParams: { repositoryId } }, options);
      } catch (error) {
        notSupported(error, "check repositories on request", checkDef.name);
      }
    },
    async replaceAgent(sourceId, connectorId, options) {
      try {
        return (await transport.call(replaceAgentDef, { pathParams: { sourceId: String(sourceId) }, body: { connectorId } }, options)) as {
          connectorId: string;
          previousConnectorId: string | null;
        };
      } catch (error) {
        return notSupported(error, "replace a host's agent", replaceAgentDef.name);
      }
    },
  };
}
