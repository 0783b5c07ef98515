// Objects, snapshots and search (reference §M.7).
import { z } from "zod";
import { IndexedFileSourceEnvironmentSchema, IndexedFileTypeSchema, IndexedObjectTypeSchema } from "../enums.ts";
import { int64, num, protectionGroupId, str, wireObject } from "../wire.ts";
import { ObjectSummarySchema } from "./common.ts";

/** ObjectSnapshot: `id` is the snapshotId of recoveries and the snapshotsId of download-file. */
export const ObjectSnapshotSchema = wireObject({
  clusterId: num().optional(),
  clusterIncarnationId: num().optional(),
  environment: str().optional(),
  expiryTimeUsecs: num().optional(),
  externalTargetInfo: wireObject({}).optional(),
  hasDataLock: z.boolean().optional(),
  id: str().optional(),
  indexingStatus: str().optional(),
  objectId: num().optional(),
  objectName: str().optional(),
  onLegalHold: z.boolean().optional(),
  ownershipContext: str().optional(),
  physicalParams: wireObject({ enableSystemBackup: z.boolean().optional(), protectionType: str().optional() }).optional(),
  protectionGroupId: str().optional(),
  protectionGroupName: str().optional(),
  protectionGroupRunId: str().optional(),
  regionId: str().optional(),
  runInstanceId: num().optional(),
  runStartTimeUsecs: num().optional(),
  runType: str().optional(),
  snapshotTargetType: str().optional(),
  snapshotTimestampUsecs: num().optional(),
  sourceGroupId: str().optional(),
  sourceId: num().optional(),
  storageDomainId: num().optional(),
});
export type ObjectSnapshot = z.infer<typeof ObjectSnapshotSchema>;

export const GetObjectSnapshotsResponseSchema = wireObject({ snapshots: z.array(ObjectSnapshotSchema).optional() });

export const ObjectProtectionInfoSchema = wireObject({
  objectId: num().optional(),
  sourceId: num().optional(),
  viewId: num().optional(),
  regionId: str().optional(),
  clusterId: num().optional(),
  clusterIncarnationId: num().optional(),
  tenantIds: z.array(str()).optional(),
  isDeleted: z.boolean().optional(),
  protectionGroups: z
    .array(
      wireObject({
        name: str().optional(),
        id: str().optional(),
        protectionEnvType: str().optional(),
        policyName: str().optional(),
        policyId: str().optional(),
        lastBackupRunStatus: str().optional(),
        lastArchivalRunStatus: str().optional(),
        lastReplicationRunStatus: str().optional(),
        lastRunSlaViolated: z.boolean().optional(),
      }),
    )
    .optional(),
  objectBackupConfiguration: z.array(wireObject({})).optional(),
  lastRunStatus: str().optional(),
});

export const SearchObjectSchema = ObjectSummarySchema.extend({
  tags: z.array(wireObject({})).optional(),
  snapshotTags: z.array(wireObject({})).optional(),
  heliosTags: z.array(wireObject({})).optional(),
  sourceInfo: ObjectSummarySchema.optional(),
  objectProtectionInfos: z.array(ObjectProtectionInfoSchema).optional(),
  secondaryIds: z.array(wireObject({})).optional(),
  taggedSnapshots: z.array(wireObject({})).optional(),
});
export type SearchObject = z.infer<typeof SearchObjectSchema>;

export const ObjectsSearchResponseSchema = wireObject({
  objects: z.array(SearchObjectSchema).optional(),
  paginationCookie: str().optional(),
  count: num().optional(),
});

export const ObjectSnapshotsInfoSchema = wireObject({
  localSnapshotInfo: wireObject({ snapshotId: str().optional(), logicalSizeBytes: num().optional() }).optional(),
  archivalSnapshotsInfo: z.array(wireObject({ snapshotId: str().optional() })).optional(),
  indexingStatus: str().optional(),
  protectionGroupId: str().optional(),
  protectionGroupName: str().optional(),
  runInstanceId: num().optional(),
  sourceGroupId: str().optional(),
  protectionRunId: str().optional(),
  runType: str().optional(),
  protectionRunStartTimeUsecs: num().optional(),
  protectionRunEndTimeUsecs: num().optional(),
});

export const ProtectedObjectSchema = ObjectSummarySchema.extend({
  sourceInfo: ObjectSummarySchema.optional(),
  latestSnapshotsInfo: z.array(ObjectSnapshotsInfoSchema).optional(),
});
export type ProtectedObject = z.infer<typeof ProtectedObjectSchema>;

export const ProtectedObjectsSearchResponseSchema = wireObject({
  objects: z.array(ProtectedObjectSchema).optional(),
  metadata: wireObject({
    uniqueProtectionGroupIdentifiers: z
      .array(wireObject({ protectionGroupId: str().optional(), protectionGroupName: str().optional() }))
      .optional(),
  }).optional(),
  numResults: num().optional(),
});

// ---- indexed-object search ----

export const SearchFileRequestParamsSchema = z.strictObject({
  searchString: z.string().optional(),
  types: z.array(IndexedFileTypeSchema).optional(),
  sourceEnvironments: z.array(IndexedFileSourceEnvironmentSchema).optional(),
  sourceIds: z.array(int64()).optional(),
  objectIds: z.array(int64()).optional(),
});

// Search blocks of other workloads are passed through opaquely: Lifeboat indexes files only.
const openParams = z.record(z.string(), z.unknown()).optional();

/** Body of SearchIndexedObjects (§9): `objectType` selects the *Params block and result array. */
export const SearchIndexedObjectsRequestSchema = z.strictObject({
  objectType: IndexedObjectTypeSchema,
  protectionGroupIds: z.array(protectionGroupId()).optional(),
  storageDomainIds: z.array(int64()).optional(),
  tenantId: z.string().optional(),
  includeTenants: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  snapshotTags: z.array(z.string()).optional(),
  mustHaveTagIds: z.array(z.string()).optional(),
  mightHaveTagIds: z.array(z.string()).optional(),
  mustHaveSnapshotTagIds: z.array(z.string()).optional(),
  mightHaveSnapshotTagIds: z.array(z.string()).optional(),
  paginationCookie: z.string().optional(),
  count: int64().min(1).optional(),
  useCachedData: z.boolean().optional(),
  cassandraParams: openParams,
  couchbaseParams: openParams,
  emailParams: openParams,
  exchangeParams: openParams,
  fileParams: SearchFileRequestParamsSchema.optional(),
  hbaseParams: openParams,
  hdfsParams: openParams,
  hiveParams: openParams,
  mongodbParams: openParams,
  msGroupsParams: openParams,
  msTeamsParams: openParams,
  oneDriveParams: openParams,
  publicFolderParams: openParams,
  sfdcParams: openParams,
  sharepointParams: openParams,
  udaParams: openParams,
});
export type SearchIndexedObjectsRequest = z.infer<typeof SearchIndexedObjectsRequestSchema>;

/** File: `path` is the directory holding the file; `sourceInfo` summarises the host. */
export const IndexedFileSchema = wireObject({
  tags: z.array(wireObject({})).optional(),
  snapshotTags: z.array(wireObject({})).optional(),
  name: str().optional(),
  path: str().optional(),
  type: str().optional(),
  protectionGroupId: str().optional(),
  protectionGroupName: str().optional(),
  policyId: str().optional(),
  policyName: str().optional(),
  storageDomainId: num().optional(),
  sourceInfo: ObjectSummarySchema.optional(),
});
export type IndexedFile = z.infer<typeof IndexedFileSchema>;

const openItems = z.array(wireObject({})).optional();
export const SearchIndexedObjectsResponseSchema = wireObject({
  objectType: str().optional(),
  count: num().optional(),
  paginationCookie: str().optional(),
  cassandraObjects: openItems,
  couchbaseObjects: openItems,
  emails: openItems,
  exchangeObjects: openItems,
  files: z.array(IndexedFileSchema).optional(),
  hbaseObjects: openItems,
  hdfsObjects: openItems,
  hiveObjects: openItems,
  mongoObjects: openItems,
  msGroupItems: openItems,
  oneDriveItems: openItems,
  publicFolderItems: openItems,
  sfdcRecords: wireObject({}).optional(),
  sharepointItems: openItems,
  teamsItems: openItems,
  udaObjects: openItems,
});
