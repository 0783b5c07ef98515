// One sample per entry of the contracts' operations table: an input, the request it must produce
// (path after /v2, query) and a wire response (reference §R minimal bodies, §M models). The mapped
// type makes the list exhaustive: a new table entry fails typecheck here until it gets a sample.
import type { OperationInput, OperationName } from "@lifeboat/contracts";

export interface Sample<N extends OperationName> {
  input: OperationInput<N>;
  /** Expected request path below the service URL (below the host for `root: "host"`), as sent (encoded). */
  path: string;
  /** Expected query parameters, exactly (arrays comma-joined). */
  query?: Record<string, string>;
  /** Wire response body; absent for 204 and binary operations. */
  response?: unknown;
}

const GROUP = "12:34:5";
const CONNECTION = "7465828914523748";
const CONNECTOR = "7465828914523749";
const RUN = "45:1700000000000000";
const registration = { id: 17, sourceId: 17, environment: "kPhysical", name: "host-a", connectionId: 3 };
const policy = { id: "12:34:99", name: "daily-14d", backupPolicy: { regular: { incremental: { schedule: { unit: "Days" } } } } };
const group = { id: GROUP, name: "g1", policyId: "12:34:99", environment: "kPhysical", isActive: true };
const recovery = { id: "12:34:7", name: "r1", status: "Running", snapshotEnvironment: "kPhysical" };
const connection = { connectionId: CONNECTION, connectionName: "conn-1", registrationToken: "tok" };
const connector = { connectorId: CONNECTOR, connectorName: "agent-1", connectionId: CONNECTION };
const policyBody: OperationInput<"createProtectionPolicy">["body"] = {
  name: "daily-14d",
  backupPolicy: {
    regular: {
      incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } },
      retention: { unit: "Days", duration: 14 },
    },
  },
};
const groupBody: OperationInput<"createProtectionGroup">["body"] = {
  name: "g1",
  policyId: "12:34:99",
  environment: "kPhysical",
  physicalParams: {
    protectionType: "kFile",
    fileProtectionTypeParams: { objects: [{ id: 17, filePaths: [{ includedPath: "/" }] }] },
  },
};
const registrationBody: OperationInput<"registerProtectionSource">["body"] = {
  environment: "kPhysical",
  name: "host-a",
  dataSourceConnectionId: CONNECTION,
  physicalParams: { endpoint: "10.0.0.5", hostType: "kLinux", physicalType: "kHost" },
};

export const operationSamples: { [N in OperationName]: Sample<N> } = {
  getSourceRegistrations: {
    input: { query: { ids: [17, 18], includeSourceCredentials: false } },
    path: "/data-protect/sources/registrations",
    query: { ids: "17,18", includeSourceCredentials: "false" },
    response: { registrations: [registration] },
  },
  getProtectionSourceRegistration: {
    input: { pathParams: { id: 17 } },
    path: "/data-protect/sources/registrations/17",
    response: registration,
  },
  registerProtectionSource: {
    input: { body: registrationBody },
    path: "/data-protect/sources/registrations",
    response: registration,
  },
  updateProtectionSourceRegistration: {
    input: { pathParams: { id: 17 }, body: registrationBody },
    path: "/data-protect/sources/registrations/17",
    response: registration,
  },
  patchProtectionSourceRegistration: {
    input: { pathParams: { id: 17 }, body: { environment: "kPhysical" } },
    path: "/data-protect/sources/registrations/17",
    response: registration,
  },
  deleteProtectionSourceRegistration: {
    input: { pathParams: { id: 17 } },
    path: "/data-protect/sources/registrations/17",
  },
  getProtectionGroups: {
    input: { query: { ids: [GROUP, "12:34:6"], isPaused: true }, headers: { requestInitiatorType: "UIUser" } },
    path: "/data-protect/protection-groups",
    query: { ids: `${GROUP},12:34:6`, isPaused: "true" },
    response: { protectionGroups: [group] },
  },
  getProtectionGroupByID: {
    input: { pathParams: { id: GROUP } },
    path: `/data-protect/protection-groups/${GROUP}`,
    response: group,
  },
  createProtectionGroup: {
    input: { body: groupBody },
    path: "/data-protect/protection-groups",
    response: group,
  },
  updateProtectionGroup: {
    input: { pathParams: { id: GROUP }, body: groupBody },
    path: `/data-protect/protection-groups/${GROUP}`,
    response: group,
  },
  deleteProtectionGroup: {
    input: { pathParams: { id: GROUP }, query: { deleteSnapshots: true } },
    path: `/data-protect/protection-groups/${GROUP}`,
    query: { deleteSnapshots: "true" },
  },
  getProtectionPolicies: {
    input: { query: { policyNames: ["daily-14d", "weekly"] } },
    path: "/data-protect/policies",
    query: { policyNames: "daily-14d,weekly" },
    response: { policies: [policy] },
  },
  getProtectionPolicyByID: {
    input: { pathParams: { id: "12:34:99" } },
    path: "/data-protect/policies/12:34:99",
    response: policy,
  },
  createProtectionPolicy: {
    input: { body: policyBody },
    path: "/data-protect/policies",
    response: policy,
  },
  updateProtectionPolicy: {
    input: { pathParams: { id: "12:34:99" }, body: policyBody },
    path: "/data-protect/policies/12:34:99",
    response: policy,
  },
  deleteProtectionPolicy: {
    input: { pathParams: { id: "12:34:99" } },
    path: "/data-protect/policies/12:34:99",
  },
  getProtectionGroupRuns: {
    input: { pathParams: { id: GROUP }, query: { startTimeUsecs: 1, numRuns: 10, runTypes: ["kFull", "kIncremental"] } },
    path: `/data-protect/protection-groups/${GROUP}/runs`,
    query: { startTimeUsecs: "1", numRuns: "10", runTypes: "kFull,kIncremental" },
    response: { runs: [{ id: RUN, protectionGroupId: GROUP, localBackupInfo: { runType: "kRegular", status: "Succeeded", startTimeUsecs: 1700000000000000 } }], totalRuns: 1 },
  },
  createProtectionGroupRun: {
    input: { pathParams: { id: GROUP }, body: { runType: "kRegular" } },
    path: `/data-protect/protection-groups/${GROUP}/runs`,
    response: { protectionGroupId: GROUP },
  },
  updateProtectionGroupRun: {
    input: { pathParams: { id: GROUP }, body: { updateProtectionGroupRunParams: [{ runId: RUN, localSnapshotConfig: { daysToKeep: 7 } }] } },
    path: `/data-protect/protection-groups/${GROUP}/runs`,
    response: { successfulRunIds: [RUN], failedRuns: [] },
  },
  performActionOnProtectionGroupRun: {
    input: { pathParams: { id: GROUP }, body: { action: "Cancel", cancelParams: [{ runId: RUN }] } },
    path: `/data-protect/protection-groups/${GROUP}/runs/actions`,
    response: { action: "Cancel", cancelParams: [{ runId: RUN }] },
  },
  getRecoveries: {
    input: { query: { ids: ["12:34:7"], status: ["Running"] } },
    path: "/data-protect/recoveries",
    query: { ids: "12:34:7", status: "Running" },
    response: { recoveries: [recovery] },
  },
  getRecoveryByID: {
    input: { pathParams: { id: "12:34:7" } },
    path: "/data-protect/recoveries/12:34:7",
    response: recovery,
  },
  createRecovery: {
    input: {
      headers: { requestInitiatorType: "UIUser" },
      body: {
        name: "r1",
        snapshotEnvironment: "kPhysical",
        physicalParams: {
          objects: [{ snapshotId: "snap-1" }],
          recoveryAction: "RecoverFiles",
          recoverFileAndFolderParams: {
            targetEnvironment: "kPhysical",
            filesAndFolders: [{ absolutePath: "/etc/hosts" }],
            physicalTargetParams: { recoverTarget: { id: 17 }, restoreToOriginalPaths: true, overwriteExisting: true },
          },
        },
      },
    },
    path: "/data-protect/recoveries",
    response: recovery,
  },
  createDownloadFilesAndFoldersRecovery: {
    input: { body: { name: "dl1", object: { snapshotId: "snap-1" }, filesAndFolders: [{ absolutePath: "/etc/hosts", isDirectory: false }] } },
    path: "/data-protect/recoveries/download-files-folders",
    response: recovery,
  },
  getRestorePointsInTimeRange: {
    input: { body: { environment: "kPhysical", protectionGroupIds: [GROUP], startTimeUsecs: 1, endTimeUsecs: 2 } },
    path: "/data-protect/snapshots/restore-points",
    response: { fullSnapshotInfo: [], timeRangeInfo: { startTimeUsecs: 1, endTimeUsecs: 2 } },
  },
  downloadFilesFromRecovery: {
    input: { pathParams: { id: "12:34:7" }, query: { fileType: "success_files_list" } },
    path: "/data-protect/recoveries/12:34:7/download-files",
    query: { fileType: "success_files_list", startOffset: "0", length: String(8 * 1024 * 1024) },
  },
  downloadIndexedFile: {
    input: { pathParams: { snapshotsId: "snap 1/a" }, query: { filePath: "/etc/hosts" } },
    path: "/data-protect/snapshots/snap%201%2Fa/download-file",
    query: { filePath: "/etc/hosts", startOffset: "0", length: String(8 * 1024 * 1024) },
  },
  getDataSourceConnections: {
    input: { query: { connectionIds: [CONNECTION, "1"] } },
    path: "/data-source-connections",
    query: { connectionIds: `${CONNECTION},1` },
    response: { connections: [connection] },
  },
  createDataSourceConnection: {
    input: { body: { connectionName: "conn-1" } },
    path: "/data-source-connections",
    response: connection,
  },
  generateDataSourceConnectionRegistrationToken: {
    input: { pathParams: { connectionId: CONNECTION } },
    path: `/data-source-connections/${CONNECTION}/registrationToken`,
    response: "reg-token-abc",
  },
  patchDataSourceConnection: {
    input: { pathParams: { connectionId: CONNECTION }, body: { connectionName: "conn-2" } },
    path: `/data-source-connections/${CONNECTION}`,
    response: { ...connection, connectionName: "conn-2" },
  },
  deleteDataSourceConnection: {
    input: { pathParams: { connectionId: CONNECTION } },
    path: `/data-source-connections/${CONNECTION}`,
  },
  getUpgradeTasks: {
    input: { query: { ids: [1, 2] } },
    path: "/data-protect/agents/upgrade-tasks",
    query: { ids: "1,2" },
    response: { tasks: [{ id: 1, name: "upg1", status: "Succeeded" }] },
  },
  downloadAgent: {
    input: { body: { platform: "kLinux", linuxParams: { packageType: "kRPM" } } },
    path: "/data-protect/agents/download",
  },
  createUpgradeTask: {
    input: { body: { name: "upg1", agentIDs: [5] } },
    path: "/data-protect/agents/upgrade-tasks",
    response: { id: 1, name: "upg1", agentIDs: [5] },
  },
  getObjectSnapshots: {
    input: { pathParams: { id: 17 }, query: { protectionGroupIds: [GROUP], runTypes: ["kRegular"] } },
    path: "/data-protect/objects/17/snapshots",
    query: { protectionGroupIds: GROUP, runTypes: "kRegular" },
    response: { snapshots: [{ id: "snap-1", runType: "kRegular", snapshotTimestampUsecs: 1700000000000000 }] },
  },
  searchObjects: {
    input: { query: { searchString: "host*", environments: ["kPhysical", "kSQL"], count: 2 } },
    path: "/data-protect/search/objects",
    query: { searchString: "host*", environments: "kPhysical,kSQL", count: "2" },
    response: { objects: [{ id: 17, name: "host-a", environment: "kPhysical" }], paginationCookie: "c1", count: 1 },
  },
  searchProtectedObjects: {
    input: { query: { objectIds: [17, 18], subResultSize: 3 } },
    path: "/data-protect/search/protected-objects",
    query: { objectIds: "17,18", subResultSize: "3" },
    response: { objects: [{ id: 17, name: "host-a" }], numResults: 1 },
  },
  searchIndexedObjects: {
    input: { body: { objectType: "Files", fileParams: { searchString: "hosts*" }, count: 50 } },
    path: "/data-protect/search/indexed-objects",
    response: { objectType: "Files", count: 1, files: [{ name: "hosts", path: "/etc", type: "File" }] },
  },
  getDataSourceConnectors: {
    input: { query: { connectionId: CONNECTION, connectorNames: ["a", "b"] } },
    path: "/data-source-connectors",
    query: { connectionId: CONNECTION, connectorNames: "a,b" },
    response: { connectors: [connector] },
  },
  getConnectorMetadata: {
    input: {},
    path: "/data-source-connectors/metadata",
    response: { connectorImageMetadata: { connectorImageFileList: [{ imageType: "VSI", url: "https://x" }] }, k8sConnectorInfoList: [] },
  },
  patchDataSourceConnector: {
    input: { pathParams: { connectorId: CONNECTOR }, body: { connectorName: "agent-2" } },
    path: `/data-source-connectors/${CONNECTOR}`,
    response: { ...connector, connectorName: "agent-2" },
  },
  deleteDataSourceConnector: {
    input: { pathParams: { connectorId: CONNECTOR } },
    path: `/data-source-connectors/${CONNECTOR}`,
  },
  // #44–#51, the IBM Go SDK v1.2.5 additions: responses from reference §R.1.
  listProtectionSources: {
    input: { query: { environments: ["kPhysical"], includeObjectProtectionInfo: true } },
    path: "/irisservices/api/v1/public/protectionSources",
    query: { environments: "kPhysical", includeObjectProtectionInfo: "true" },
    response: [{
      protectionSource: { id: 1, name: "Physical Servers", environment: "kPhysical", physicalProtectionSource: { type: "kGroup", name: "Physical Servers" } },
      nodes: [{
        protectionSource: {
          id: 9, parentId: 1, name: "host-a", environment: "kPhysical",
          physicalProtectionSource: {
            type: "kHost", hostType: "kLinux", name: "host-a", osName: "Linux",
            agents: [{ id: 11, name: "host-a", status: "kHealthy", version: "7.1.2" }],
            volumes: [{ guid: "1b4e28ba-2fa1-11d2-883f-0016d3cca427", label: "root", mountPoints: ["/"], mountType: "ext4", logicalSizeBytes: 42949672960, usedSizeBytes: 12884901888 }],
          },
        },
        registrationInfo: { accessInfo: { id: 9, endpoint: "10.0.0.5", environment: "kPhysical" }, authenticationStatus: "kFinished", registrationTimeUsecs: 1733500000000000, refreshTimeUsecs: 1733500100000000 },
        logicalSize: 42949672960,
      }],
    }],
  },
  listProtectionSourcesRegistrationInfo: {
    input: { query: { environments: ["kPhysical"], includeApplicationsTreeInfo: false }, headers: { requestInitiatorType: "UIUser" } },
    path: "/irisservices/api/v1/public/protectionSources/registrationInfo",
    query: { environments: "kPhysical", includeApplicationsTreeInfo: "false" },
    response: {
      rootNodes: [{
        rootNode: { id: 9, name: "host-a", environment: "kPhysical", physicalProtectionSource: { type: "kHost", hostType: "kLinux", name: "host-a" } },
        registrationInfo: { accessInfo: { id: 9, endpoint: "10.0.0.5", environment: "kPhysical" }, authenticationStatus: "kFinished", environments: ["kPhysical"], registrationTimeUsecs: 1733500000000000, refreshTimeUsecs: 1733500100000000 },
        logicalSizeBytes: 42949672960,
        stats: { protectedCount: 1, protectedSize: 42949672960, unprotectedCount: 0, unprotectedSize: 0 },
      }],
      stats: { protectedCount: 1, protectedSize: 42949672960, unprotectedCount: 0, unprotectedSize: 0 },
      statsByEnv: [{ environment: "kPhysical", protectedCount: 1, protectedSize: 42949672960, unprotectedCount: 0, unprotectedSize: 0 }],
    },
  },
  refreshProtectionSourceByID: {
    input: { pathParams: { id: 9 } },
    path: "/data-protect/sources/9/refresh",
  },
  getProtectionGroupRun: {
    input: { pathParams: { id: GROUP, runId: RUN }, query: { includeObjectDetails: true } },
    path: `/data-protect/protection-groups/${GROUP}/runs/${RUN}`,
    query: { includeObjectDetails: "true" },
    response: {
      id: RUN, protectionGroupInstanceId: 3456, protectionGroupId: GROUP, protectionGroupName: "g1", isReplicationRun: false,
      environment: "kPhysical", hasLocalSnapshot: true, onLegalHold: false,
      localBackupInfo: { runType: "kRegular", isSlaViolated: false, startTimeUsecs: 1733500200000000, endTimeUsecs: 1733500260000000, status: "Succeeded", successfulObjectsCount: 1, progressTaskId: "run/3456", localTaskId: "12:34:3460" },
    },
  },
  getProtectionRunProgress: {
    input: { pathParams: { runId: RUN }, query: { includeFinishedTasks: true } },
    path: `/data-protect/runs/${RUN}/progress`,
    query: { includeFinishedTasks: "true" },
    response: {
      localRun: {
        status: "Finished", percentageCompleted: 100, startTimeUsecs: 1733500200000000, endTimeUsecs: 1733500260000000, expectedRemainingTimeUsecs: 0,
        stats: { totalFileCount: 1200, backupFileCount: 1200, fileWalkDone: true },
        objects: [{ id: 9, name: "host-a", sourceId: 9, environment: "kPhysical", status: "Finished", percentageCompleted: 100, startTimeUsecs: 1733500201000000, endTimeUsecs: 1733500259000000 }],
      },
    },
  },
  getProgressMonitors: {
    input: { query: { taskPathVec: ["run/3456", "12:34:3460"], includeFinishedTasks: true, excludeSubTasks: true } },
    path: "/irisservices/api/v1/progressMonitors",
    query: { taskPathVec: "run/3456,12:34:3460", includeFinishedTasks: "true", excludeSubTasks: "true" },
    response: {
      resultGroupVec: [
        { taskVec: [{ taskPath: "run/3456", weight: 1, progress: { percentFinished: 100, startTimeSecs: 1733500200, endTimeSecs: 1733500260, lastUpdateTimeSecs: 1733500260, expectedTimeRemainingSecs: 0 } }] },
        { taskVec: [] },
      ],
    },
  },
  constructMetaInfo: {
    input: { pathParams: { snapshotId: "4711" }, body: { environment: "kPhysical" } },
    path: "/data-protect/snapshots/4711/meta-info",
    response: { environment: "kPhysical" },
  },
  cancelRecoveryByID: {
    input: { pathParams: { id: "12:34:7" } },
    path: "/data-protect/recoveries/12:34:7/cancel",
  },
};
