// Conformance: every one of the 51 operations of the contracts' table (reference §1: the product
// documentation's 43 and the 8 IBM Go SDK v1.2.5 additions) called through @lifeboat/upstream
// against the real engine with a real agent, restic and PostgreSQL. Each answer is checked against
// the operation's response schema, the fields the reference marks required (§M, plus the fields
// §R.1's examples show for the additions) and the enum values of §E. The table below is keyed by
// operation name with a mapped type, so an operation without a case fails the typecheck, and the
// last test checks that each of the 51 was called.
import path from "node:path";
import { deflateSync, gzipSync } from "node:zlib";
import { AGENT_API_PREFIX } from "@lifeboat/agent-protocol";
import {
  AgentHealthSchema, EnvironmentSchema, IndexingStatusSchema, operations, PhysicalHostTypeSchema, PhysicalNodeTypeSchema,
  PhysicalRecoveryActionSchema, ProgressObjectEnvironmentSchema, ProgressStatusSchema, ProtectionSourceNodeEnvironmentSchema,
  ProtectionTypeSchema, RecoveryActionSchema, RecoveryStatusSchema, RunStatusSchema, RunTypeSchema, SnapshotStatusSchema,
  V1AuthenticationStatusSchema, V1RegistrationEnvironmentSchema, MetaInfoResultEnvironmentSchema,
  type OperationName,
} from "@lifeboat/contracts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { registerHost } from "./helpers/agent-sim.ts";
import { iamToken, rawCall } from "./helpers/engine-process.ts";
import { createPolicyAndGroup, readAll, startStack, waitRecovery, waitRun, writeTree, type Stack } from "./helpers/stack.ts";

type Json = Record<string, unknown>;

/** What the reference demands of one answer: required paths and enum-valued paths (`[]` = each element). */
interface Expect {
  required?: string[];
  enums?: Record<string, readonly string[]>;
  /** Arrays that must not be empty here, so the checks inside them are not vacuous. */
  nonEmpty?: string[];
}

/** The values at `path` in `value` (`a.b[].c`): one per array element on the way; absent ones are `undefined`. */
function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.split(".")) {
    const isArray = part.endsWith("[]");
    const key = isArray ? part.slice(0, -2) : part;
    current = current.flatMap((v) => {
      const next = key === "" ? v : v !== null && typeof v === "object" ? (v as Json)[key] : undefined;
      if (!isArray) return [next];
      return Array.isArray(next) ? next : [];
    });
  }
  return current;
}

function conforms(name: OperationName, result: unknown, spec: Expect) {
  const op = operations[name];
  if (op.responseKind === "json") {
    const parsed = (op as { response: { safeParse(v: unknown): { success: boolean; error?: unknown } } }).response.safeParse(result);
    expect(parsed.success, `${name}: ${String(parsed.error)}`).toBe(true);
  }
  for (const p of spec.nonEmpty ?? []) expect(valuesAt(result, `${p}[]`).length, `${name}: ${p} is empty`).toBeGreaterThan(0);
  for (const p of spec.required ?? []) {
    for (const v of valuesAt(result, p)) expect(v, `${name}: ${p} is required`).not.toBeUndefined();
  }
  for (const [p, allowed] of Object.entries(spec.enums ?? {})) {
    for (const v of valuesAt(result, p)) {
      if (v === undefined) continue;
      const values = Array.isArray(v) ? v : [v];
      for (const item of values) expect(allowed, `${name}: ${p} = ${JSON.stringify(item)}`).toContain(item);
    }
  }
}

let stack: Stack;
let api: Stack["api"];
let src: string;
const called = new Set<OperationName>();
/** Ids the flow creates and later cases use. */
const ids: {
  connectionId?: string; connectorId?: string; registrationId?: number; secondRegistration?: number; lastModified?: number;
  policyId?: string; secondPolicy?: string; groupId?: string; secondGroup?: string; runId?: string; pendingRunId?: string;
  snapshotId?: string; recoveryId?: string; downloadId?: string; pendingRecovery?: string; runTaskPath?: string; objectTaskPath?: string;
} = {};

async function call<T>(name: OperationName, spec: Expect, fn: () => Promise<T>): Promise<T> {
  const result = await fn();
  conforms(name, result, spec);
  called.add(name);
  return result;
}

beforeAll(async () => {
  stack = await startStack("conform", { ENGINE_AGENT_PACKAGE_DIR: inject("agentPackageDir") });
  api = stack.api;
  src = path.join(stack.tmp, "data");
  await writeTree(src, { "a.txt": 4000, "docs/b.bin": 70_000 });
}, 180_000);
afterAll(async () => stack?.stop());

const env = EnvironmentSchema.options;
const recoveryEnums = {
  "status": RecoveryStatusSchema.options,
  "recoveryAction": RecoveryActionSchema.options,
  "snapshotEnvironment": env,
  "physicalParams.recoveryAction": PhysicalRecoveryActionSchema.options,
};
const recoveryRequired = ["physicalParams.objects", "physicalParams.recoveryAction", "physicalParams.objects[].snapshotId"];
const runEnums = {
  "environment": env,
  "localBackupInfo.status": RunStatusSchema.options,
  "localBackupInfo.runType": RunTypeSchema.options,
  "objects[].localSnapshotInfo.snapshotInfo.status": SnapshotStatusSchema.options,
};
const policyRequired = ["name", "backupPolicy", "backupPolicy.regular", "backupPolicy.regular.incremental.schedule", "backupPolicy.regular.incremental.schedule.unit", "backupPolicy.regular.retention.unit", "backupPolicy.regular.retention.duration"];
const groupRequired = ["physicalParams.protectionType", "physicalParams.fileProtectionTypeParams.objects", "physicalParams.fileProtectionTypeParams.objects[].id", "physicalParams.fileProtectionTypeParams.objects[].filePaths[].includedPath"];
const hostNodeEnums = {
  "protectionSource.environment": ProtectionSourceNodeEnvironmentSchema.options,
  "protectionSource.physicalProtectionSource.type": PhysicalNodeTypeSchema.options,
  "protectionSource.physicalProtectionSource.hostType": PhysicalHostTypeSchema.options,
  "protectionSource.physicalProtectionSource.agents[].status": AgentHealthSchema.options,
  "registrationInfo.authenticationStatus": V1AuthenticationStatusSchema.options,
  "registrationInfo.accessInfo.environment": ProtectionSourceNodeEnvironmentSchema.options,
  "registrationInfo.environments": ProtectionSourceNodeEnvironmentSchema.options,
};

describe("conformance of the 51 operations (reference §1) through @lifeboat/upstream", () => {
  it("connections, connectors, registrations, policies and groups (§2–§4, §7, §10)", { timeout: 120_000 }, async () => {
    const connections = await call("getDataSourceConnections", { required: ["connections[].connectionName"], nonEmpty: ["connections"] }, () => api.getDataSourceConnections());
    ids.connectionId = connections.connections![0]!.connectionId!;
    const conn2 = await call("createDataSourceConnection", { required: ["connectionName", "connectionId"] }, () => api.createDataSourceConnection({ body: { connectionName: "conform-2" } }));
    const token = await call("generateDataSourceConnectionRegistrationToken", {}, () => api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn2.connectionId! } }));
    expect(typeof token).toBe("string");
    await call("patchDataSourceConnection", { required: ["connectionName"] }, () => api.patchDataSourceConnection({ pathParams: { connectionId: conn2.connectionId! }, body: { connectionName: "conform-2b" } }));
    await call("deleteDataSourceConnection", {}, () => api.deleteDataSourceConnection({ pathParams: { connectionId: conn2.connectionId! } }));

    const connectors = await call("getDataSourceConnectors", { required: ["connectors[].connectivityStatus.isConnected"], nonEmpty: ["connectors"] }, () => api.getDataSourceConnectors({ query: { connectionId: ids.connectionId! } }));
    ids.connectorId = connectors.connectors![0]!.connectorId!;
    await call("getConnectorMetadata", { required: ["connectorImageMetadata.connectorImageFileList[].imageType", "connectorImageMetadata.connectorImageFileList[].url"] }, () => api.getConnectorMetadata());
    await call("patchDataSourceConnector", {}, () => api.patchDataSourceConnector({ pathParams: { connectorId: ids.connectorId! }, body: { connectorName: "conform-agent" } }));

    const regs = await call("getSourceRegistrations", { nonEmpty: ["registrations"], required: ["registrations[].id", "registrations[].sourceId", "registrations[].physicalParams.endpoint"], enums: { "registrations[].environment": env } }, () => api.getSourceRegistrations());
    ids.registrationId = regs.registrations![0]!.id!;
    await call("getProtectionSourceRegistration", { required: ["id", "sourceId", "physicalParams.endpoint"], enums: { environment: env } }, () => api.getProtectionSourceRegistration({ pathParams: { id: ids.registrationId! } }));
    const second = await call("registerProtectionSource", { required: ["id", "physicalParams.endpoint"], enums: { environment: env } }, () => api.registerProtectionSource({
      body: { environment: "kPhysical", name: "conform-second", dataSourceConnectionId: ids.connectionId!, physicalParams: { endpoint: stack.hostName, hostType: "kLinux", forceRegister: true } },
    }));
    ids.secondRegistration = second.id!;
    const updated = await call("updateProtectionSourceRegistration", { required: ["id", "physicalParams.endpoint"] }, () => api.updateProtectionSourceRegistration({
      pathParams: { id: ids.secondRegistration! },
      body: { environment: "kPhysical", name: "conform-second-b", dataSourceConnectionId: ids.connectionId!, physicalParams: { endpoint: stack.hostName }, lastModifiedTimestampUsecs: second.lastModifiedTimestampUsecs! },
    }));
    expect(updated.name).toBe("conform-second-b");
    await call("patchProtectionSourceRegistration", { required: ["id"] }, () => api.patchProtectionSourceRegistration({ pathParams: { id: ids.secondRegistration! }, body: { environment: "kPhysical" } }));
    await call("deleteProtectionSourceRegistration", {}, () => api.deleteProtectionSourceRegistration({ pathParams: { id: ids.secondRegistration! } }));

    const policy = await call("createProtectionPolicy", { required: [...policyRequired, "id"] }, () => api.createProtectionPolicy({
      body: { name: "conform-p2", backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 14 } } } },
    }));
    ids.secondPolicy = policy.id!;
    await call("getProtectionPolicyByID", { required: policyRequired }, () => api.getProtectionPolicyByID({ pathParams: { id: ids.secondPolicy! } }));
    await call("updateProtectionPolicy", { required: policyRequired }, () => api.updateProtectionPolicy({
      pathParams: { id: ids.secondPolicy! },
      body: { name: "conform-p2b", backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 2 } } }, retention: { unit: "Days", duration: 7 } } } },
    }));

    const { policy: mainPolicy, group } = await createPolicyAndGroup(stack, "conform", src, {});
    ids.policyId = mainPolicy.id!;
    ids.groupId = group.id!;
    await call("getProtectionPolicies", { nonEmpty: ["policies"], required: policyRequired.map((p) => `policies[].${p}`) }, () => api.getProtectionPolicies());

    const g2 = await call("createProtectionGroup", { required: [...groupRequired, "id"], enums: { environment: env, "physicalParams.protectionType": ProtectionTypeSchema.options } }, () => api.createProtectionGroup({
      body: { name: "conform-g2", policyId: ids.secondPolicy!, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: stack.hostId, filePaths: [{ includedPath: src }] }] } } },
    }));
    ids.secondGroup = g2.id!;
    await call("getProtectionGroupByID", { required: groupRequired, enums: { environment: env } }, () => api.getProtectionGroupByID({ pathParams: { id: ids.groupId! } }));
    await call("updateProtectionGroup", { required: groupRequired }, () => api.updateProtectionGroup({
      pathParams: { id: ids.secondGroup! },
      body: { name: "conform-g2b", policyId: ids.secondPolicy!, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: stack.hostId, filePaths: [{ includedPath: src }] }] } } },
    }));
    await call("getProtectionGroups", { nonEmpty: ["protectionGroups"], required: groupRequired.map((p) => `protectionGroups[].${p}`) }, () => api.getProtectionGroups());
    await call("deleteProtectionGroup", {}, () => api.deleteProtectionGroup({ pathParams: { id: ids.secondGroup! } }));
    await call("deleteProtectionPolicy", {}, () => api.deleteProtectionPolicy({ pathParams: { id: ids.secondPolicy! } }));
  });

  it("the source tree, registration info and refresh (§11)", { timeout: 60_000 }, async () => {
    const tree = await call("listProtectionSources", { nonEmpty: ["[].nodes"], enums: {
      "[].protectionSource.environment": ProtectionSourceNodeEnvironmentSchema.options,
      "[].protectionSource.physicalProtectionSource.type": PhysicalNodeTypeSchema.options,
      ...Object.fromEntries(Object.entries(hostNodeEnums).map(([k, v]) => [`[].nodes[].${k}`, v])),
    } }, () => api.listProtectionSources({ query: { environments: ["kPhysical"] } }));
    // One kGroup root; the registered host below it with the object id groups use, its volumes and its agent.
    expect(tree).toHaveLength(1);
    expect(tree[0]!.protectionSource).toMatchObject({ name: "Physical Servers", physicalProtectionSource: { type: "kGroup" } });
    const host = tree[0]!.nodes!.find((n) => n.protectionSource?.id === stack.hostId)!;
    expect(host.protectionSource).toMatchObject({ name: stack.hostName, environment: "kPhysical", physicalProtectionSource: { type: "kHost", hostType: "kLinux", agents: [{ status: "kHealthy" }] } });
    expect(host.protectionSource!.physicalProtectionSource!.volumes!.flatMap((v) => v.mountPoints ?? [])).toContain("/");
    expect(host.registrationInfo).toMatchObject({ accessInfo: { id: ids.registrationId, endpoint: stack.hostName }, authenticationStatus: "kFinished" });
    expect(await api.listProtectionSources({ query: { environments: ["kVMware"] } })).toEqual([]);

    const info = await call("listProtectionSourcesRegistrationInfo", { nonEmpty: ["rootNodes"], enums: {
      "rootNodes[].rootNode.environment": ProtectionSourceNodeEnvironmentSchema.options,
      "rootNodes[].rootNode.physicalProtectionSource.type": PhysicalNodeTypeSchema.options,
      "rootNodes[].registrationInfo.authenticationStatus": V1AuthenticationStatusSchema.options,
      "rootNodes[].registrationInfo.environments": V1RegistrationEnvironmentSchema.options,
      "rootNodes[].statsByEnv[].environment": V1RegistrationEnvironmentSchema.options,
      "statsByEnv[].environment": V1RegistrationEnvironmentSchema.options,
    } }, () => api.listProtectionSourcesRegistrationInfo({ query: { environments: ["kPhysical"] } }));
    expect(info.rootNodes!.map((r) => r.rootNode?.id)).toEqual([stack.hostId]);
    // The group on the host protects it.
    expect(info.stats).toMatchObject({ protectedCount: 1, unprotectedCount: 0 });

    const before = (await api.getProtectionSourceRegistration({ pathParams: { id: ids.registrationId! } })).lastRefreshedTimeMsecs!;
    await call("refreshProtectionSourceByID", {}, () => api.refreshProtectionSourceByID({ pathParams: { id: ids.registrationId! } }));
    const after = await api.getProtectionSourceRegistration({ pathParams: { id: ids.registrationId! } });
    expect(after.lastRefreshedTimeMsecs!).toBeGreaterThanOrEqual(before);
    expect(after.sourceInfo!.childObjects!.map((c) => c.name)).toContain("/");
    await expect(api.refreshProtectionSourceByID({ pathParams: { id: 987654321 } })).rejects.toMatchObject({ status: 404 });
  });

  it("runs, progress, snapshots, search and recoveries (§5, §6, §9, §12, §13)", { timeout: 240_000 }, async () => {
    await call("createProtectionGroupRun", { required: ["protectionGroupId"] }, () => api.createProtectionGroupRun({ pathParams: { id: ids.groupId! }, body: { runType: "kRegular" } }));
    const done = await waitRun(api, ids.groupId!);
    expect(done.localBackupInfo!.status).toBe("Succeeded");
    ids.runId = done.id!;
    const runs = await call("getProtectionGroupRuns", { nonEmpty: ["runs"], enums: Object.fromEntries(Object.entries(runEnums).map(([k, v]) => [`runs[].${k}`, v])) }, () =>
      api.getProtectionGroupRuns({ pathParams: { id: ids.groupId! }, query: { includeObjectDetails: true, startTimeUsecs: 0 } }));
    expect(runs.runs!.map((r) => r.id)).toContain(ids.runId);

    const run = await call("getProtectionGroupRun", { required: ["id", "protectionGroupId", "localBackupInfo.status", "localBackupInfo.progressTaskId"], nonEmpty: ["objects"], enums: runEnums }, () =>
      api.getProtectionGroupRun({ pathParams: { id: ids.groupId!, runId: ids.runId! }, query: { includeObjectDetails: true } }));
    expect(run).toMatchObject({ id: ids.runId, protectionGroupId: ids.groupId, localBackupInfo: { status: "Succeeded" } });
    await expect(api.getProtectionGroupRun({ pathParams: { id: ids.groupId!, runId: `${ids.groupId!.split(":")[2]}:1` } })).rejects.toMatchObject({ status: 404 });
    ids.runTaskPath = run.localBackupInfo!.progressTaskId!;
    ids.objectTaskPath = run.objects![0]!.localSnapshotInfo!.snapshotInfo!.progressTaskId!;
    ids.snapshotId = run.objects![0]!.localSnapshotInfo!.snapshotInfo!.snapshotId!;

    const progress = await call("getProtectionRunProgress", { required: ["localRun.status", "localRun.percentageCompleted"], nonEmpty: ["localRun.objects"], enums: {
      "localRun.status": ProgressStatusSchema.options, "localRun.objects[].status": ProgressStatusSchema.options, "localRun.objects[].environment": ProgressObjectEnvironmentSchema.options,
    } }, () => api.getProtectionRunProgress({ pathParams: { runId: ids.runId! }, query: { includeFinishedTasks: true } }));
    expect(progress.localRun).toMatchObject({ status: "Finished", percentageCompleted: 100, objects: [{ id: stack.hostId, status: "Finished", percentageCompleted: 100, stats: { totalFileCount: 2 } }] });

    const monitors = await call("getProgressMonitors", { nonEmpty: ["resultGroupVec"], required: ["resultGroupVec[].taskVec[].taskPath", "resultGroupVec[].taskVec[].progress.percentFinished"] }, () =>
      api.getProgressMonitors({ query: { taskPathVec: [ids.runTaskPath!, ids.objectTaskPath!, "run/1:1"], includeFinishedTasks: true } }));
    expect(monitors.resultGroupVec).toHaveLength(3);
    expect(monitors.resultGroupVec![0]!.taskVec![0]).toMatchObject({ taskPath: ids.runTaskPath, progress: { percentFinished: 100 }, subTaskVec: [{ taskPath: ids.objectTaskPath }] });
    expect(monitors.resultGroupVec![1]!.taskVec![0]).toMatchObject({ taskPath: ids.objectTaskPath, progress: { percentFinished: 100 } });
    expect(monitors.resultGroupVec![2]!.taskVec).toEqual([]);
    // Pulse returns only active tasks unless asked for finished ones.
    expect((await api.getProgressMonitors({ query: { taskPathVec: [ids.runTaskPath!] } })).resultGroupVec![0]!.taskVec).toEqual([]);

    await call("updateProtectionGroupRun", { required: ["successfulRunIds"] }, () => api.updateProtectionGroupRun({
      pathParams: { id: ids.groupId! }, body: { updateProtectionGroupRunParams: [{ runId: ids.runId!, localSnapshotConfig: { daysToKeep: 1 } }] },
    }));

    const snaps = await call("getObjectSnapshots", { nonEmpty: ["snapshots"], required: ["snapshots[].id"], enums: { "snapshots[].environment": env, "snapshots[].indexingStatus": IndexingStatusSchema.options } }, () =>
      api.getObjectSnapshots({ pathParams: { id: stack.hostId } }));
    expect(snaps.snapshots!.map((s) => s.id)).toContain(ids.snapshotId);
    await call("getRestorePointsInTimeRange", {}, () => api.getRestorePointsInTimeRange({
      body: { environment: "kPhysical", protectionGroupIds: [ids.groupId!], startTimeUsecs: 0, endTimeUsecs: Date.now() * 1000 + 60_000_000 },
    }));
    const objects = await call("searchObjects", { nonEmpty: ["objects"], enums: {
      "objects[].environment": env,
      "objects[].objectProtectionInfos[].protectionGroups[].protectionEnvType": ProtectionTypeSchema.options,
      "objects[].protectionType": ProtectionTypeSchema.options,
    } }, () => api.searchObjects({ query: { searchString: stack.hostName, environments: ["kPhysical"] } }));
    expect(JSON.stringify(objects)).not.toContain("kPhysicalFiles");
    await call("searchProtectedObjects", { enums: { "objects[].environment": env } }, () => api.searchProtectedObjects({ query: { environments: ["kPhysical"] } }));
    await waitFor("the snapshot's index", async () => (await api.getObjectSnapshots({ pathParams: { id: stack.hostId } })).snapshots?.find((s) => s.id === ids.snapshotId && s.indexingStatus === "Done"), 60_000);
    const indexed = await call("searchIndexedObjects", {}, () => api.searchIndexedObjects({ body: { objectType: "Files", fileParams: { searchString: "b.bin" }, count: 50 } }));
    expect(JSON.stringify(indexed)).toContain("b.bin");
    const file = await call("downloadIndexedFile", {}, () => api.downloadIndexedFile({ pathParams: { snapshotsId: ids.snapshotId! }, query: { filePath: path.join(src, "a.txt") } }));
    expect((await readAll(file)).length).toBe(4000);

    const meta = await call("constructMetaInfo", { required: ["environment"], enums: { environment: MetaInfoResultEnvironmentSchema.options } }, () =>
      api.constructMetaInfo({ pathParams: { snapshotId: ids.snapshotId! }, body: { environment: "kPhysical" } }));
    expect(meta).toEqual({ environment: "kPhysical" });
    await expect(api.constructMetaInfo({ pathParams: { snapshotId: "999999999" }, body: { environment: "kPhysical" } })).rejects.toMatchObject({ status: 404 });
    await expect(api.constructMetaInfo({ pathParams: { snapshotId: ids.snapshotId! }, body: { environment: "kKubernetes" } })).rejects.toMatchObject({ status: 400 });

    // A download recovery: physicalParams carries objects and one of RecoverPhysicalParams' actions (§Q 39).
    const download = await call("createDownloadFilesAndFoldersRecovery", { required: ["id", ...recoveryRequired], enums: recoveryEnums }, () => api.createDownloadFilesAndFoldersRecovery({
      body: { name: "conform-dl", object: { snapshotId: ids.snapshotId! }, filesAndFolders: [{ absolutePath: path.join(src, "docs"), isDirectory: true }] },
    }));
    expect(download.recoveryAction).toBe("DownloadFilesAndFolders");
    ids.downloadId = download.id!;
    expect(await waitRecovery(api, ids.downloadId)).toMatchObject({ status: "Succeeded" });
    const zip = await call("downloadFilesFromRecovery", {}, () => api.downloadFilesFromRecovery({ pathParams: { id: ids.downloadId! } }));
    expect((await readAll(zip)).subarray(0, 2).toString()).toBe("PK");
    const target = path.join(stack.tmp, "restored");
    const recovery = await call("createRecovery", { required: ["id", ...recoveryRequired], enums: recoveryEnums }, () => api.createRecovery({
      body: {
        name: "conform-restore", snapshotEnvironment: "kPhysical",
        physicalParams: {
          objects: [{ snapshotId: ids.snapshotId! }], recoveryAction: "RecoverFiles",
          recoverFileAndFolderParams: {
            targetEnvironment: "kPhysical", filesAndFolders: [{ absolutePath: path.join(src, "a.txt") }],
            physicalTargetParams: { recoverTarget: { id: stack.hostId }, restoreToOriginalPaths: false, alternateRestoreDirectory: target },
          },
        },
      },
    }));
    ids.recoveryId = recovery.id!;
    expect(await waitRecovery(api, ids.recoveryId)).toMatchObject({ status: "Succeeded" });
    await call("getRecoveryByID", { required: recoveryRequired, enums: recoveryEnums }, () => api.getRecoveryByID({ pathParams: { id: ids.downloadId! } }));
    await call("getRecoveries", { nonEmpty: ["recoveries"], required: recoveryRequired.map((p) => `recoveries[].${p}`), enums: Object.fromEntries(Object.entries(recoveryEnums).map(([k, v]) => [`recoveries[].${k}`, v])) }, () =>
      api.getRecoveries());
  });

  it("cancels a run and a recovery that have not started, and refuses a refresh while the agent is away (§5, §11, §13)", { timeout: 120_000 }, async () => {
    // With the agent stopped the tasks stay Pending: canceling them cannot race their end.
    await stack.agent.stop();
    await api.createProtectionGroupRun({ pathParams: { id: ids.groupId! }, body: { runType: "kRegular" } });
    const pending = await waitRun(api, ids.groupId!, (s) => s === "Accepted" || s === "Running");
    const progress = await api.getProtectionRunProgress({ pathParams: { runId: pending.id! } });
    expect(progress.localRun).toMatchObject({ status: "Active" });
    expect(progress.localRun!.percentageCompleted!).toBeLessThan(100);
    await call("performActionOnProtectionGroupRun", { required: ["action"] }, () => api.performActionOnProtectionGroupRun({
      pathParams: { id: ids.groupId! }, body: { action: "Cancel", cancelParams: [{ runId: pending.id! }] },
    }));
    await waitRun(api, ids.groupId!, (s) => s === "Canceled");
    expect((await api.getProtectionRunProgress({ pathParams: { runId: pending.id! } })).localRun!.status).toBe("Canceled");

    const recovery = await api.createDownloadFilesAndFoldersRecovery({ body: { name: "conform-cancel", object: { snapshotId: ids.snapshotId! }, filesAndFolders: [{ absolutePath: path.join(src, "a.txt") }] } });
    await call("cancelRecoveryByID", {}, () => api.cancelRecoveryByID({ pathParams: { id: recovery.id! } }));
    expect(await api.getRecoveryByID({ pathParams: { id: recovery.id! } })).toMatchObject({ status: "Canceled" });
    await expect(api.cancelRecoveryByID({ pathParams: { id: recovery.id! } })).rejects.toMatchObject({ status: 409 });

    await waitFor("the agent to count as offline", async () =>
      (await api.getDataSourceConnectors({ query: { connectionId: ids.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected === false), 30_000);
    await expect(api.refreshProtectionSourceByID({ pathParams: { id: ids.registrationId! } })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("offline") });
    const tree = await api.listProtectionSources();
    expect(tree[0]!.nodes![0]!.protectionSource!.physicalProtectionSource!.agents![0]!.status).toBe("kUnreachable");
    stack.startAgent();
    await waitFor("the agent back", async () =>
      (await api.getDataSourceConnectors({ query: { connectionId: ids.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected), 60_000);
  });

  it("agents, and a long poll of a connector deleted meanwhile answers 410, never 500 (§8, §10)", { timeout: 150_000 }, async () => {
    await call("getUpgradeTasks", {}, () => api.getUpgradeTasks());
    const pkg = await call("downloadAgent", {}, () => api.downloadAgent({ body: { platform: "kLinux", linuxParams: { packageType: "kScript" } } }));
    expect((await readAll(pkg)).subarray(0, 9).toString()).toBe("#!/bin/sh");
    const task = await call("createUpgradeTask", { required: ["id"] }, () => api.createUpgradeTask({ body: { name: "conform-upgrade", agentIDs: [stack.hostId] } }));
    await waitFor("the upgrade task to end", async () => {
      const t = (await api.getUpgradeTasks({ query: { ids: [task.id!] } })).tasks![0]!;
      return ["Succeeded", "Failed", "PartiallyFailed"].includes(t.status!) ? t : undefined;
    }, 90_000);

    // An agent of its own, in a long poll when its connector is deleted.
    const conn = await api.createDataSourceConnection({ body: { connectionName: "conform-poll" } });
    const sim = await registerHost(stack.engine.url, conn.registrationToken!, "conform-poll-host");
    const poll = fetch(`${stack.engine.url}${AGENT_API_PREFIX}/poll`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${sim.agentToken}` },
      body: JSON.stringify({ waitSecs: 30 }),
    });
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    await call("deleteDataSourceConnector", {}, () => api.deleteDataSourceConnector({ pathParams: { connectorId: sim.connectorId } }));
    const answer = await poll;
    expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status: 410, body: { errorCode: "AgentRemoved" } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.engine.output()).not.toMatch(/request failed/);
  });

  it("accepts gzip and deflate request bodies, the body limit applying to the decompressed bytes", { timeout: 30_000 }, async () => {
    const token = (await iamToken(stack.engine.url, stack.engine.bootstrap.apiKey)).access_token;
    const send = (body: Buffer, encoding: string) => rawCall(`${stack.engine.url}/v2/data-protect/policies`, {
      method: "POST", token, tenantId: stack.engine.bootstrap.tenantId,
      headers: { "content-type": "application/json", "content-encoding": encoding }, body,
    });
    const policy = (name: string) => Buffer.from(JSON.stringify({
      name, backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 3 } } },
    }));
    expect(await send(gzipSync(policy("conform-gzip")), "gzip")).toMatchObject({ status: 201, body: { name: "conform-gzip" } });
    expect(await send(deflateSync(policy("conform-deflate")), "deflate")).toMatchObject({ status: 201, body: { name: "conform-deflate" } });
    // 64 MiB of spaces inside a JSON string: ~64 KiB on the wire, far beyond the 1 MiB limit once inflated.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"name":"'), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('"}')]));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await send(bomb, "gzip")).toMatchObject({ status: 413, body: { errorCode: "PayloadTooLarge" } });
    expect(await send(Buffer.from("not gzip at all"), "gzip")).toMatchObject({ status: 400, body: { errorCode: "InvalidRequest" } });
    expect(await send(policy("conform-br"), "br")).toMatchObject({ status: 400, body: { message: expect.stringContaining("Content-Encoding") } });
  });

  it("called each of the 51 operations", () => {
    const all = Object.keys(operations) as OperationName[];
    expect(all).toHaveLength(51);
    expect(all.filter((n) => !called.has(n))).toEqual([]);
  });
});
