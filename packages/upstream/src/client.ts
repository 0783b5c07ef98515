// The upstream client: one method per entry of the contracts' operations table, plus helpers for
// what one call cannot express — cursor pages and iterators (reference §0.5), the missing single
// GET of a connection (§Q 9) and finding the run a "run now" created (§Q 3). `client.lifeboat` holds
// the Lifeboat engine's own extensions (not upstream operations; lifeboat-extensions.ts).
import { operations, type OperationInput, type OperationName, type OperationResult } from "@lifeboat/contracts";
import { bindOperations } from "./bind.ts";
import { iteratePages, type Page, type PageRequest } from "./cursor.ts";
import {
  protectedObjectsPage,
  protectionGroupRunsPage,
  searchIndexedObjectsPage,
  searchObjectsPage,
  type RawCall,
} from "./pagination.ts";
import { lifeboatExtensions, type LifeboatExtensions } from "./lifeboat-extensions.ts";
import { createProtectionGroupRunAndWait, getDataSourceConnection, type RunAndWaitOptions } from "./quirks.ts";
import { createTransport, type UpstreamClientConfig } from "./transport.ts";
import type { CallOptions } from "./types.ts";

type Empty = Record<never, never>;
type QueryOf<N extends OperationName> = NonNullable<OperationInput<N> extends { query?: infer Q } ? Q : never>;
type BodyOf<N extends OperationName> = NonNullable<OperationInput<N> extends { body?: infer B } ? B : never>;
type ItemOf<T> = T extends readonly (infer I)[] ? I : never;

/** One method per operation: `client.getProtectionPolicies({ query })`. */
export type UpstreamOperations = {
  [N in OperationName]: Empty extends OperationInput<N>
    ? (input?: OperationInput<N>, options?: CallOptions) => Promise<OperationResult<N>>
    : (input: OperationInput<N>, options?: CallOptions) => Promise<OperationResult<N>>;
};

export type SearchObjectsQuery = Omit<QueryOf<"searchObjects">, "paginationCookie" | "count">;
export type SearchObjectItem = ItemOf<NonNullable<OperationResult<"searchObjects">["objects"]>>;
export type SearchIndexedObjectsBody = Omit<BodyOf<"searchIndexedObjects">, "paginationCookie" | "count">;
export type IndexedObjectItem = Record<string, unknown>;
export type ProtectedObjectsQuery = QueryOf<"searchProtectedObjects">;
export type ProtectedObjectItem = ItemOf<NonNullable<OperationResult<"searchProtectedObjects">["objects"]>>;
export type ProtectionGroupRunsQuery = Omit<QueryOf<"getProtectionGroupRuns">, "numRuns">;
export type ProtectionGroupRunItem = ItemOf<NonNullable<OperationResult<"getProtectionGroupRuns">["runs"]>>;
export type DataSourceConnectionItem = ItemOf<NonNullable<OperationResult<"getDataSourceConnections">["connections"]>>;
export type CreateProtectionGroupRunBody = BodyOf<"createProtectionGroupRun">;

/** Page size for the iterators (default 100). */
export interface IterateOptions extends CallOptions {
  pageSize?: number | undefined;
}

export interface UpstreamHelpers {
  /** §Q 9: list filtered by `connectionIds`; a 404 UpstreamError when it is not there. */
  getDataSourceConnection(connectionId: string, options?: CallOptions): Promise<DataSourceConnectionItem>;
  /** §Q 3: creates a run and resolves with the run it created, once it shows up in the run list. */
  createProtectionGroupRunAndWait(groupId: string, body: CreateProtectionGroupRunBody, options?: RunAndWaitOptions): Promise<ProtectionGroupRunItem>;
  searchObjectsPage(query: SearchObjectsQuery, page?: PageRequest, options?: CallOptions): Promise<Page<SearchObjectItem>>;
  iterateSearchObjects(query: SearchObjectsQuery, options?: IterateOptions): AsyncGenerator<SearchObjectItem, void, undefined>;
  searchIndexedObjectsPage(body: SearchIndexedObjectsBody, page?: PageRequest, options?: CallOptions): Promise<Page<IndexedObjectItem>>;
  iterateSearchIndexedObjects(body: SearchIndexedObjectsBody, options?: IterateOptions): AsyncGenerator<IndexedObjectItem, void, undefined>;
  protectedObjectsPage(query: ProtectedObjectsQuery, page?: PageRequest, options?: CallOptions): Promise<Page<ProtectedObjectItem>>;
  iterateProtectedObjects(query: ProtectedObjectsQuery, options?: IterateOptions): AsyncGenerator<ProtectedObjectItem, void, undefined>;
  /** Newest first; walks the time window backwards (§Q 23), whole history unless `startTimeUsecs` is given. */
  protectionGroupRunsPage(groupId: string, query?: ProtectionGroupRunsQuery, page?: PageRequest, options?: CallOptions): Promise<Page<ProtectionGroupRunItem>>;
  iterateProtectionGroupRuns(groupId: string, query?: ProtectionGroupRunsQuery, options?: IterateOptions): AsyncGenerator<ProtectionGroupRunItem, void, undefined>;
}

export type UpstreamClient = UpstreamOperations & UpstreamHelpers & {
  /** Lifeboat engine extensions (not upstream operations): a non-Lifeboat upstream rejects them with `NotSupported`. */
  lifeboat: LifeboatExtensions;
};

const ITERATE_PAGE_SIZE = 100;

export function createUpstreamClient(config: UpstreamClientConfig): UpstreamClient {
  const transport = createTransport(config);
  const methods = bindOperations(operations, transport) as unknown as Record<OperationName, RawCall>;
  const iterate = <T>(page: (cursor: string | null, limit: number) => Promise<Page<unknown>>, size: number | undefined) =>
    iteratePages((cursor) => page(cursor, size ?? ITERATE_PAGE_SIZE) as Promise<Page<T>>);

  const helpers: UpstreamHelpers = {
    getDataSourceConnection: (connectionId, options) =>
      getDataSourceConnection(methods.getDataSourceConnections, connectionId, options) as Promise<DataSourceConnectionItem>,
    createProtectionGroupRunAndWait: (groupId, body, options) =>
      createProtectionGroupRunAndWait(
        { create: methods.createProtectionGroupRun, listRuns: methods.getProtectionGroupRuns },
        groupId,
        body,
        options,
      ) as Promise<ProtectionGroupRunItem>,
    searchObjectsPage: (query, page = {}, options) =>
      searchObjectsPage(methods.searchObjects, query, page, options) as Promise<Page<SearchObjectItem>>,
    iterateSearchObjects: (query, options) =>
      iterate((cursor, limit) => searchObjectsPage(methods.searchObjects, query, { cursor, limit }, options), options?.pageSize),
    searchIndexedObjectsPage: (body, page = {}, options) =>
      searchIndexedObjectsPage(methods.searchIndexedObjects, body, page, options) as Promise<Page<IndexedObjectItem>>,
    iterateSearchIndexedObjects: (body, options) =>
      iterate((cursor, limit) => searchIndexedObjectsPage(methods.searchIndexedObjects, body, { cursor, limit }, options), options?.pageSize),
    protectedObjectsPage: (query, page = {}, options) =>
      protectedObjectsPage(methods.searchProtectedObjects, query, page, options) as Promise<Page<ProtectedObjectItem>>,
    iterateProtectedObjects: (query, options) =>
      iterate((cursor, limit) => protectedObjectsPage(methods.searchProtectedObjects, query, { cursor, limit }, options), options?.pageSize),
    protectionGroupRunsPage: (groupId, query = {}, page = {}, options) =>
      protectionGroupRunsPage(methods.getProtectionGroupRuns, groupId, query, page, options) as Promise<Page<ProtectionGroupRunItem>>,
    iterateProtectionGroupRuns: (groupId, query = {}, options) =>
      iterate(
        (cursor, limit) => protectionGroupRunsPage(methods.getProtectionGroupRuns, groupId, query, { cursor, limit }, options),
        options?.pageSize,
      ),
  };
  return Object.assign(methods, helpers, { lifeboat: lifeboatExtensions(transport) }) as unknown as UpstreamClient;
}
