// Response schemas are tolerant (reference §Q 11–13): unknown enum values and extra fields from a
// newer upstream decode instead of failing, while the fields we know keep their wire types.
import { describe, expect, it } from "vitest";
import { formatZodIssues } from "./format-zod-issues.ts";
import { operations } from "./operations.ts";

describe("response schemas", () => {
  it("a policy with an enum value and fields this contract does not know still decodes, extras kept", () => {
    const wire = {
      id: "1130475934121:1709812345678:3",
      name: "daily",
      backupPolicy: {
        regular: {
          incremental: { schedule: { unit: "Fortnights", fortnightSchedule: { frequency: 1 } } },
          retention: { unit: "Decades", duration: 1, dataLockConfig: { mode: "Quantum", unit: "Days", duration: 3 } },
        },
        aiPolicy: { enabled: true },
      },
      numProtectionGroups: 2,
      brandNewField: ["x"],
    };
    const parsed = operations.getProtectionPolicyByID.response.parse(wire);
    expect(parsed).toEqual(wire);
    expect(parsed.backupPolicy.regular.retention?.unit).toBe("Decades");
  });

  it("request-side cross-field rules do not apply to responses", () => {
    const wire = { name: "hourly", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours" } } } } };
    expect(operations.getProtectionPolicyByID.response.parse(wire)).toEqual(wire);
    expect(operations.createProtectionPolicy.body.safeParse(wire).success).toBe(false);
  });

  it("§Q 11: a registration whose environment the SDK's response enum omits (kKubernetes) decodes", () => {
    const wire = {
      id: 12,
      sourceId: 17,
      environment: "kKubernetes",
      name: "cluster-a",
      authenticationStatus: "SomethingNew",
      registrationTimeMsecs: 1_709_812_345_678,
      dataSourceConnectionId: "7465828914523748",
      kubernetesParams: { endpoint: "https://k8s", kubernetesDistribution: "kFutureK8s" },
      sourceInfo: { id: 17, name: "cluster-a", childObjects: [{ id: 18, childObjects: [{ id: 19, extra: 1 }] }] },
    };
    expect(operations.getProtectionSourceRegistration.response.parse(wire)).toEqual(wire);
  });

  it("§Q 12: runs with statuses outside every documented set decode, with per-object snapshot info", () => {
    const wire = {
      totalRuns: 1,
      runs: [
        {
          id: "42:1709812345678901",
          protectionGroupId: "1130475934121:1709812345678:42",
          localBackupInfo: { runType: "kRegular", status: "LegalHold", startTimeUsecs: 1_709_812_345_678_901, localTaskId: "1:2:3" },
          objects: [
            {
              object: { id: 17, name: "host-a", environment: "kPhysical" },
              localSnapshotInfo: { snapshotInfo: { snapshotId: "snap-1", status: "kSomethingNew", stats: { bytesWritten: 10 } } },
            },
          ],
          environment: "kPhysical",
        },
      ],
    };
    const parsed = operations.getProtectionGroupRuns.response.parse(wire);
    expect(parsed.runs?.[0]?.objects?.[0]?.localSnapshotInfo?.snapshotInfo?.snapshotId).toBe("snap-1");
    expect(parsed).toEqual(wire);
  });

  it("keeps wire types: connection ids stay strings and a number where a string belongs is reported", () => {
    const ok = operations.getDataSourceConnections.response.parse({
      connections: [{ connectionId: "9007199254740993", connectionName: "c1", connectorIds: ["9007199254740995"] }],
    });
    expect(ok.connections?.[0]?.connectionId).toBe("9007199254740993");
    const bad = operations.getDataSourceConnections.response.safeParse({ connections: [{ connectionId: 5, connectionName: "c1" }] });
    expect(bad.success).toBe(false);
    expect(formatZodIssues(bad.error!, "response")).toBe("response.connections[0].connectionId: expected string, got number");
  });

  it("§Q 8: the registration token is a bare JSON string", () => {
    expect(operations.generateDataSourceConnectionRegistrationToken.response.parse("tok-123")).toBe("tok-123");
    expect(operations.generateDataSourceConnectionRegistrationToken.response.safeParse({ token: "x" }).success).toBe(false);
  });

  it("§Q 17: misspelled wire fields are the ones modelled", () => {
    const meta = operations.getConnectorMetadata.response.parse({
      k8sConnectorInfoList: [{ k8sPlatformType: "IKS", ugradeDocUrl: "https://docs" }],
      connectorImageMetadata: { connectorImageFileList: [{ imageType: "KVM", url: "https://img" }] },
    });
    expect(meta.k8sConnectorInfoList?.[0]?.ugradeDocUrl).toBe("https://docs");
    const task = operations.createUpgradeTask.response.parse({ id: 3, agentIDs: [17], retriedTaskID: 2, status: "Scheduled" });
    expect(task.retriedTaskID).toBe(2);
    const connector = operations.patchDataSourceConnector.response.parse({
      connectorId: "9007199254740995",
      upgradeStatus: { status: "Paused", startTimestampMSecs: 1_709_812_345_678 },
      connectivityStatus: { isConnected: true, lastConnectedTimestampSecs: 1_709_812_345 },
    });
    expect(connector.upgradeStatus?.startTimestampMSecs).toBe(1_709_812_345_678);
  });

  it("§Q 4: the 207 of update-runs exposes failed runs next to successful ones", () => {
    const parsed = operations.updateProtectionGroupRun.response.parse({
      successfulRunIds: ["42:1"],
      failedRuns: [{ runId: "42:2", errorMessage: "snapshot is on legal hold" }],
    });
    expect(parsed.failedRuns?.[0]?.errorMessage).toBe("snapshot is on legal hold");
  });

  it("indexed file search results and restore points decode", () => {
    const files = operations.searchIndexedObjects.response.parse({
      objectType: "Files",
      count: 1,
      files: [{ name: "hosts", path: "/etc", type: "File", protectionGroupId: "1:2:3", sourceInfo: { id: 17, name: "host-a" } }],
    });
    expect(files.files?.[0]?.path).toBe("/etc");
    const points = operations.getRestorePointsInTimeRange.response.parse({
      fullSnapshotInfo: [{ restoreInfo: { protectionGroupId: "1:2:3", runStartTimeUsecs: 5, objectInfo: { id: 17 } } }],
      timeRangeInfo: { timeRanges: [{ startTimeUsecs: 1, endTimeUsecs: 2, protectionGroupId: "1:2:3" }] },
    });
    expect(points.timeRangeInfo?.timeRanges).toHaveLength(1);
  });

  it("a recovery echoes its physical params, and their unknown enum values decode", () => {
    const recovery = operations.getRecoveryByID.response.parse({
      id: "1:2:7",
      status: "Running",
      recoveryAction: "RecoverFiles",
      physicalParams: {
        objects: [{ snapshotId: "snap-1", status: "Brand-new", bytesRestored: 12 }],
        recoveryAction: "RecoverFiles",
        recoverFileAndFolderParams: {
          targetEnvironment: "kPhysical",
          filesAndFolders: [{ absolutePath: "/etc/hosts", status: "Finished", destinationDir: "/" }],
        },
      },
    });
    expect(recovery.physicalParams?.objects?.[0]?.bytesRestored).toBe(12);
  });
});

describe("null fields in responses", () => {
  it("read as absent, at any depth, and keep the model's output type", () => {
    const parsed = operations.getProtectionGroupByID.response.parse({
      id: "1:2:3",
      description: null,
      physicalParams: { protectionType: "kFile", fileProtectionTypeParams: null },
      lastRun: { id: "3:1", localBackupInfo: { status: "Succeeded", messages: null } },
    });
    expect(parsed).toEqual({
      id: "1:2:3",
      physicalParams: { protectionType: "kFile" },
      lastRun: { id: "3:1", localBackupInfo: { status: "Succeeded" } },
    });
    expect(parsed.description).toBeUndefined();
  });

  it("a null where a value is required is still reported by name", () => {
    const result = operations.getDataSourceConnections.response.safeParse({ connections: [{ connectionId: "1", connectionName: null }] });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error!, "response")).toBe("response.connections[0].connectionName: required field missing (expected string)");
  });
});
