// Lifeboat engine extensions: routes the bundled engine serves beside /v2 that are NOT among the 51
// operations of the upstream API (reference §1). They live under /lifeboat/v1, a sibling of the
// service URL's /v2, and go through the same transport (tenant header, auth, deadline, retries).
// An upstream that is not a Lifeboat engine answers 404 (or 501; the engine answers an unknown
// object or path with an empty list, never 404); that becomes an UpstreamError
// with code `NotSupported` saying plainly what the upstream cannot do.
import { SnapshotFolderPageSchema, SnapshotFolderQuerySchema, type OperationDef, type SnapshotFolderPage, type SnapshotFolderQuery } from "@lifeboat/contracts";
import { z } from "zod";
import { extensionNotSupported, UpstreamError } from "./errors.ts";
import type { Transport } from "./transport.ts";
import type { CallOptions } from "./types.ts";
import { hostRepositoryExtensions, type HostRepositoryExtensions } from "./lifeboat-repositories.ts";

/** One indexed version of a file (the engine's fileVersions, apps/engine index/search.ts). */
export const FileVersionSchema = z.looseObject({
  snapshotId: z.string(),
  protectionGroupId: z.string().optional(),
  runId: z.string().optional(),
  snapshotTimestampUsecs: z.number(),
  type: z.string().optional(),
  sizeBytes: z.number().optional(),
  mtimeUsecs: z.number().optional(),
});
export type FileVersion = z.infer<typeof FileVersionSchema>;

export interface FileVersionsQuery {
  /** The host (source object) id. */
  objectId: number | string;
  /** Absolute path of the file on the host. */
  path: string;
}

const fileVersionsDef: OperationDef = {
  name: "lifeboatFileVersions",
  sdkName: "LifeboatFileVersions",
  area: "recovery",
  method: "GET",
  // Relative to the service URL (…/v2): the engine serves its extensions at …/lifeboat/v1.
  path: "/../lifeboat/v1/file-versions",
  successStatus: 200,
  query: z.strictObject({ objectId: z.string().regex(/^\d{1,18}$/, "objectId must be a numeric object id"), path: z.string().min(1).max(4096) }),
  response: z.looseObject({ versions: z.array(FileVersionSchema) }),
  responseKind: "json",
  idempotent: true,
} as OperationDef;

/** One entry of a host folder (the agent's listDirectory, packages/agent-protocol). */
export const HostDirectoryEntrySchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  sizeBytes: z.number().optional(),
  mtimeMs: z.number().optional(),
});
export type HostDirectoryEntry = z.infer<typeof HostDirectoryEntrySchema>;

export const HostDirectorySchema = z.looseObject({
  path: z.string(),
  entries: z.array(HostDirectoryEntrySchema),
  truncated: z.boolean(),
});
export type HostDirectory = z.infer<typeof HostDirectorySchema>;

export interface BrowseQuery {
  /** The host (source object) id of a registered physical source. */
  sourceId: number | string;
  /** Absolute, normalised folder path on the host. */
  path: string;
}

const browseDef: OperationDef = {
  name: "lifeboatBrowse",
  sdkName: "LifeboatBrowse",
  area: "source",
  method: "GET",
  path: "/../lifeboat/v1/sources/{sourceId}/browse",
  successStatus: 200,
  pathParams: z.strictObject({ sourceId: z.string().regex(/^\d{1,18}$/, "sourceId must be a numeric source id") }),
  query: z.strictObject({ path: z.string().min(1).max(4096).startsWith("/", "path must be an absolute path") }),
  response: HostDirectorySchema,
  responseKind: "json",
  idempotent: true,
} as OperationDef;

export interface SnapshotFolderRequest extends SnapshotFolderQuery {
  /** The host (source object) id. */
  objectId: number | string;
  /** A snapshot id as GetObjectSnapshots returns it. */
  snapshotId: string;
}

const snapshotFolderDef: OperationDef = {
  name: "lifeboatSnapshotFolder",
  sdkName: "LifeboatSnapshotFolder",
  area: "recovery",
  method: "GET",
  path: "/../lifeboat/v1/objects/{objectId}/snapshots/{snapshotId}/files",
  successStatus: 200,
  pathParams: z.strictObject({
    objectId: z.string().regex(/^\d{1,18}$/, "objectId must be a numeric object id"),
    snapshotId: z.string().min(1).max(500),
  }),
  query: SnapshotFolderQuerySchema,
  response: SnapshotFolderPageSchema,
  responseKind: "json",
  idempotent: true,
} as OperationDef;

/**
 * The engine's own answers about a snapshot or a path (its 404s name them) are real 404s of the
 * folder listing; any other 404 means the route itself is missing (not a Lifeboat engine).
 */
const ENGINE_SNAPSHOT_NOT_FOUND = /^(snapshot \S+ (of object \S+ was not found|has expired)|path .* is not in snapshot \S+)/;

/**
 * The engine's own "source … was not found" (an unknown or other tenant's source) is a real 404 of
 * the route; any other 404 means the route itself is missing (not a Lifeboat engine, or an older one).
 */
const ENGINE_SOURCE_NOT_FOUND = /^source \S+ was not found$/;

/** The tenant's storage target as the engine describes it (never a credential), with how full it is. */
export const StorageTargetSchema = z.looseObject({
  kind: z.string(),
  path: z.string().optional(),
  endpoint: z.string().optional(),
  bucket: z.string().optional(),
  prefix: z.string().optional(),
  /** Used and total bytes of the file system under a local target; null where the engine cannot tell. */
  usage: z.strictObject({ usedBytes: z.number().min(0), totalBytes: z.number().min(0) }).nullable().optional(),
});
export type StorageTarget = z.infer<typeof StorageTargetSchema>;

const storageTargetDef: OperationDef = {
  name: "lifeboatStorageTarget",
  sdkName: "LifeboatStorageTarget",
  area: "source",
  method: "GET",
  path: "/../lifeboat/v1/storage-target",
  successStatus: 200,
  response: StorageTargetSchema,
  responseKind: "json",
  idempotent: true,
} as OperationDef;

export interface LifeboatExtensions extends HostRepositoryExtensions {
  /**
   * The tenant's storage target and how full it is (GET /lifeboat/v1/storage-target).
   * Rejects with UpstreamError code `NotSupported` (status 501) when the upstream is not a Lifeboat engine.
   */
  storageTarget(options?: CallOptions): Promise<StorageTarget>;
  /**
   * Every live snapshot holding `path` on the host, newest first (GET /lifeboat/v1/file-versions).
   * Rejects with UpstreamError code `NotSupported` (status 501) when the upstream is not a Lifeboat engine.
   */
  fileVersions(query: FileVersionsQuery, options?: CallOptions): Promise<FileVersion[]>;
  /**
   * One folder of a registered host, listed live by its agent, directories first and capped
   * (`truncated`) (GET /lifeboat/v1/sources/{sourceId}/browse?path=). The engine answers 503 when
   * the host's agent is offline and 400 with the agent's reason ("permission denied: /root").
   * Rejects with UpstreamError code `NotSupported` (status 501) when the upstream is not a Lifeboat engine.
   */
  browse(query: BrowseQuery, options?: CallOptions): Promise<HostDirectory>;
  /**
   * One folder level of a snapshot from the engine's file index, in name order, a page at a time
   * (GET /lifeboat/v1/objects/{objectId}/snapshots/{snapshotId}/files?path=&cursor=&limit=). The
   * engine answers 404 for an unknown or expired snapshot and a path the snapshot does not hold, 400
   * for a bad path or a file's path, 409 while the snapshot is not indexed yet.
   * Rejects with UpstreamError code `NotSupported` (status 501) when the upstream is not a Lifeboat engine.
   */
  snapshotFolder(request: SnapshotFolderRequest, options?: CallOptions): Promise<SnapshotFolderPage>;
}

export function lifeboatExtensions(transport: Transport): LifeboatExtensions {
  return {
    ...hostRepositoryExtensions(transport),
    async storageTarget(options) {
      try {
        return (await transport.call(storageTargetDef, {}, options)) as StorageTarget;
      } catch (error) {
        if (error instanceof UpstreamError && (error.status === 404 || error.status === 501)) {
          throw extensionNotSupported(error, storageTargetDef.name, "this upstream does not describe its storage (GET /lifeboat/v1/storage-target is a Lifeboat engine extension)");
        }
        throw error;
      }
    },
    async fileVersions(query, options) {
      try {
        const result = (await transport.call(fileVersionsDef, { query: { objectId: String(query.objectId), path: query.path } }, options)) as { versions: FileVersion[] };
        return result.versions;
      } catch (error) {
        if (error instanceof UpstreamError && (error.status === 404 || error.status === 501)) {
          throw extensionNotSupported(error, fileVersionsDef.name, "this upstream does not list file versions (GET /lifeboat/v1/file-versions is a Lifeboat engine extension)");
        }
        throw error;
      }
    },
    async browse(query, options) {
      try {
        const input = { pathParams: { sourceId: String(query.sourceId) }, query: { path: query.path } };
        return (await transport.call(browseDef, input, options)) as HostDirectory;
      } catch (error) {
        const routeMissing = error instanceof UpstreamError && (error.status === 501 || (error.status === 404 && !ENGINE_SOURCE_NOT_FOUND.test(error.message)));
        if (routeMissing) {
          throw extensionNotSupported(error, browseDef.name, "this upstream does not browse a host's folders (GET /lifeboat/v1/sources/{id}/browse is a Lifeboat engine extension)");
        }
        throw error;
      }
    },
    async snapshotFolder({ objectId, snapshotId, ...query }, options) {
      try {
        const input = { pathParams: { objectId: String(objectId), snapshotId }, query };
        return (await transport.call(snapshotFolderDef, input, options)) as SnapshotFolderPage;
      } catch (error) {
        const routeMissing = error instanceof UpstreamError && (error.status === 501 || (error.status === 404 && !ENGINE_SNAPSHOT_NOT_FOUND.test(error.message)));
        if (routeMissing) {
          throw extensionNotSupported(error, snapshotFolderDef.name, "this upstream does not list a snapshot's folders (GET /lifeboat/v1/objects/{id}/snapshots/{id}/files is a Lifeboat engine extension)");
        }
        throw error;
      }
    },
  };
}
