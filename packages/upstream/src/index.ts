// @lifeboat/upstream — typed HTTP client of the IBM Cloud Backup and Recovery API (and of the
// bundled engine, which serves the same API).
export { IBM_IAM_TOKEN_URL, type UpstreamAuth } from "./auth.ts";
export { bindOperations, createOperationClient } from "./bind.ts";
export {
  createUpstreamClient,
  type CreateProtectionGroupRunBody,
  type DataSourceConnectionItem,
  type IndexedObjectItem,
  type IterateOptions,
  type ProtectedObjectItem,
  type ProtectedObjectsQuery,
  type ProtectionGroupRunItem,
  type ProtectionGroupRunsQuery,
  type SearchIndexedObjectsBody,
  type SearchObjectItem,
  type SearchObjectsQuery,
  type UpstreamClient,
  type UpstreamHelpers,
  type UpstreamOperations,
} from "./client.ts";
export {
  FileVersionSchema, HostDirectoryEntrySchema, HostDirectorySchema, type BrowseQuery, type SnapshotFolderRequest, type FileVersion, type FileVersionsQuery, type HostDirectory,
  type HostDirectoryEntry, type LifeboatExtensions, StorageTargetSchema, type StorageTarget,
} from "./lifeboat-extensions.ts";
export { HostRepositoryViewSchema, type HostRepositoryView, type HostRepositoryExtensions } from "./lifeboat-repositories.ts";
export { decodeCursor, encodeCursor, iteratePages, type Page, type PageRequest } from "./cursor.ts";
export { MAX_CHUNK_BYTES } from "./download.ts";
export { isUpstreamError, UpstreamError, type UpstreamErrorInit } from "./errors.ts";
export type { RunAndWaitOptions } from "./quirks.ts";
export type { RetryOptions } from "./retry.ts";
export { DEFAULT_MAX_CONCURRENCY, DEFAULT_TIMEOUT_MS, USER_AGENT, type UpstreamClientConfig } from "./transport.ts";
export type { CallOptions, InputOf, OperationMethod, OperationMethods, ResultOf } from "./types.ts";
