// Handler of each operation of the contracts' table that engine part 1 implements, by operation
// name. Runs, recoveries, snapshots, restore points and indexed search are absent on purpose: the
// router answers them 501 until engine part 2.
import type { OperationName } from "@lifeboat/contracts";
import type { Handler } from "./http/context.ts";
import * as agents from "./services/agents.ts";
import * as connections from "./services/connections.ts";
import * as connectors from "./services/connectors.ts";
import * as groups from "./services/groups.ts";
import * as objects from "./services/objects.ts";
import * as policies from "./services/policies.ts";
import * as registrations from "./services/registrations.ts";
import * as upgrades from "./services/upgrade-tasks.ts";

export const handlers: Partial<Record<OperationName, Handler>> = {
  getSourceRegistrations: registrations.getSourceRegistrations,
  getProtectionSourceRegistration: registrations.getProtectionSourceRegistration,
  registerProtectionSource: registrations.registerProtectionSource,
  updateProtectionSourceRegistration: registrations.updateProtectionSourceRegistration,
  patchProtectionSourceRegistration: registrations.patchProtectionSourceRegistration,
  deleteProtectionSourceRegistration: registrations.deleteProtectionSourceRegistration,

  getProtectionGroups: groups.getProtectionGroups,
  getProtectionGroupByID: groups.getProtectionGroupByID,
  createProtectionGroup: groups.createProtectionGroup,
  updateProtectionGroup: groups.updateProtectionGroup,
  deleteProtectionGroup: groups.deleteProtectionGroup,

  getProtectionPolicies: policies.getProtectionPolicies,
  getProtectionPolicyByID: policies.getProtectionPolicyByID,
  createProtectionPolicy: policies.createProtectionPolicy,
  updateProtectionPolicy: policies.updateProtectionPolicy,
  deleteProtectionPolicy: policies.deleteProtectionPolicy,

  getDataSourceConnections: connections.getDataSourceConnections,
  createDataSourceConnection: connections.createDataSourceConnection,
  generateDataSourceConnectionRegistrationToken: connections.generateDataSourceConnectionRegistrationToken,
  patchDataSourceConnection: connections.patchDataSourceConnection,
  deleteDataSourceConnection: connections.deleteDataSourceConnection,

  getUpgradeTasks: upgrades.getUpgradeTasks,
  downloadAgent: agents.downloadAgent,
  createUpgradeTask: upgrades.createUpgradeTask,

  searchObjects: objects.searchObjects,
  searchProtectedObjects: objects.searchProtectedObjects,

  getDataSourceConnectors: connectors.getDataSourceConnectors,
  getConnectorMetadata: connectors.getConnectorMetadata,
  patchDataSourceConnector: connectors.patchDataSourceConnector,
  deleteDataSourceConnector: connectors.deleteDataSourceConnector,
};
