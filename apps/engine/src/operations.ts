// The handler of every operation of the contracts' table (@lifeboat/contracts `operations`), by
// operation name: the one place that maps an operation to its area. A missing operation fails the
// typecheck. To find the code of an operation: its area in the contracts (e.g. `run` for
// GetProtectionGroupRuns) names the folder under src/areas/, and the handler is the function named
// like the operation (`getProtectionGroupRuns` in src/areas/runs/handlers.ts).
import type { OperationName } from "@lifeboat/contracts";
import type { Handler } from "./context.ts";
import * as agents from "./areas/agents/handlers.ts";
import * as upgrades from "./areas/agents/upgrade-tasks.ts";
import * as connections from "./areas/connections/handlers.ts";
import * as connectors from "./areas/connectors/handlers.ts";
import * as groups from "./areas/groups/handlers.ts";
import * as policies from "./areas/policies/handlers.ts";
import * as downloads from "./areas/recoveries/downloads.ts";
import * as recoveries from "./areas/recoveries/handlers.ts";
import * as runs from "./areas/runs/handlers.ts";
import * as progress from "./areas/runs/progress.ts";
import * as indexed from "./areas/search/indexed.ts";
import * as objects from "./areas/search/objects.ts";
import * as snapshots from "./areas/snapshots/handlers.ts";
import * as sources from "./areas/sources/handlers.ts";
import * as sourceTree from "./areas/sources/protection-sources.ts";

export const handlers: { [N in OperationName]: Handler<N> } = {
  // sources
  getSourceRegistrations: sources.getSourceRegistrations,
  getProtectionSourceRegistration: sources.getProtectionSourceRegistration,
  registerProtectionSource: sources.registerProtectionSource,
  updateProtectionSourceRegistration: sources.updateProtectionSourceRegistration,
  patchProtectionSourceRegistration: sources.patchProtectionSourceRegistration,
  deleteProtectionSourceRegistration: sources.deleteProtectionSourceRegistration,

  // groups
  getProtectionGroups: groups.getProtectionGroups,
  getProtectionGroupByID: groups.getProtectionGroupByID,
  createProtectionGroup: groups.createProtectionGroup,
  updateProtectionGroup: groups.updateProtectionGroup,
  deleteProtectionGroup: groups.deleteProtectionGroup,

  // policies
  getProtectionPolicies: policies.getProtectionPolicies,
  getProtectionPolicyByID: policies.getProtectionPolicyByID,
  createProtectionPolicy: policies.createProtectionPolicy,
  updateProtectionPolicy: policies.updateProtectionPolicy,
  deleteProtectionPolicy: policies.deleteProtectionPolicy,

  // runs
  getProtectionGroupRuns: runs.getProtectionGroupRuns,
  createProtectionGroupRun: runs.createProtectionGroupRun,
  updateProtectionGroupRun: runs.updateProtectionGroupRun,
  performActionOnProtectionGroupRun: runs.performActionOnProtectionGroupRun,

  // recoveries
  getRecoveries: recoveries.getRecoveries,
  getRecoveryByID: recoveries.getRecoveryByID,
  createRecovery: recoveries.createRecovery,
  createDownloadFilesAndFoldersRecovery: recoveries.createDownloadFilesAndFoldersRecovery,
  downloadFilesFromRecovery: downloads.downloadFilesFromRecovery,
  downloadIndexedFile: downloads.downloadIndexedFile,

  // snapshots
  getRestorePointsInTimeRange: snapshots.getRestorePointsInTimeRange,
  getObjectSnapshots: snapshots.getObjectSnapshots,

  // connections
  getDataSourceConnections: connections.getDataSourceConnections,
  createDataSourceConnection: connections.createDataSourceConnection,
  generateDataSourceConnectionRegistrationToken: connections.generateDataSourceConnectionRegistrationToken,
  patchDataSourceConnection: connections.patchDataSourceConnection,
  deleteDataSourceConnection: connections.deleteDataSourceConnection,

  // agents
  getUpgradeTasks: upgrades.getUpgradeTasks,
  downloadAgent: agents.downloadAgent,
  createUpgradeTask: upgrades.createUpgradeTask,

  // search
  searchIndexedObjects: indexed.searchIndexedObjects,
  searchObjects: objects.searchObjects,
  searchProtectedObjects: objects.searchProtectedObjects,

  // connectors
  getDataSourceConnectors: connectors.getDataSourceConnectors,
  getConnectorMetadata: connectors.getConnectorMetadata,
  patchDataSourceConnector: connectors.patchDataSourceConnector,
  deleteDataSourceConnector: connectors.deleteDataSourceConnector,

  // IBM Go SDK v1.2.5 additions (reference §11–§13)
  listProtectionSources: sourceTree.listProtectionSources,
  listProtectionSourcesRegistrationInfo: sourceTree.listProtectionSourcesRegistrationInfo,
  refreshProtectionSourceByID: sourceTree.refreshProtectionSourceByID,
  getProtectionGroupRun: runs.getProtectionGroupRun,
  getProtectionRunProgress: progress.getProtectionRunProgress,
  getProgressMonitors: progress.getProgressMonitors,
  constructMetaInfo: snapshots.constructMetaInfo,
  cancelRecoveryByID: recoveries.cancelRecoveryByID,
};
