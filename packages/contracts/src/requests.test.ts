// Contract tests of the request schemas: the minimal bodies of reference §R parse as they are, and
// malformed variants are rejected with a message that names the failing field.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { formatZodIssues } from "./format-zod-issues.ts";
import type { OperationDef } from "./operation.ts";
import { operations, type OperationName } from "./operations.ts";

// Placeholder values of §R, filled with ids of the right wire type (§0.4).
const connId = "7465828914523748";
const policyId = "1130475934121:1709812345678:3";
const objectId = 17;
const groupId = "1130475934121:1709812345678:42";
const runId = "42:1709812345678901";
const snapId = "snap-0001";

const examples: ReadonlyArray<[OperationName, unknown]> = [
  ["registerProtectionSource", { environment: "kPhysical", name: "host-a", dataSourceConnectionId: connId, physicalParams: { endpoint: "10.0.0.5", hostType: "kLinux", physicalType: "kHost" } }],
  ["registerProtectionSource", { environment: "kPhysical", name: "sql-a", dataSourceConnectionId: connId, physicalParams: { endpoint: "10.0.0.6", hostType: "kWindows", physicalType: "kHost", applications: ["kSQL"] } }],
  ["createProtectionPolicy", { name: "daily-14d", backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 14 } } } }],
  ["createProtectionGroup", { name: "g1", policyId, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: objectId, filePaths: [{ includedPath: "/" }] }] } } }],
  ["createProtectionGroupRun", { runType: "kRegular" }],
  ["performActionOnProtectionGroupRun", { action: "Cancel", cancelParams: [{ runId }] }],
  ["performActionOnProtectionGroupRun", { action: "Pause", pauseParams: [{ runId }] }],
  ["performActionOnProtectionGroupRun", { action: "Resume", resumeParams: [{ runId }] }],
  ["updateProtectionGroupRun", { updateProtectionGroupRunParams: [{ runId, localSnapshotConfig: { daysToKeep: 7 } }] }],
  ["createRecovery", { name: "r1", snapshotEnvironment: "kPhysical", physicalParams: { objects: [{ snapshotId: snapId }], recoveryAction: "RecoverFiles", recoverFileAndFolderParams: { targetEnvironment: "kPhysical", filesAndFolders: [{ absolutePath: "/etc/hosts" }], physicalTargetParams: { recoverTarget: { id: objectId }, restoreToOriginalPaths: true, overwriteExisting: true } } } }],
  ["createDownloadFilesAndFoldersRecovery", { name: "dl1", object: { snapshotId: snapId }, filesAndFolders: [{ absolutePath: "/etc/hosts", isDirectory: false }] }],
  ["getRestorePointsInTimeRange", { environment: "kPhysical", protectionGroupIds: [groupId], startTimeUsecs: 1_700_000_000_000_000, endTimeUsecs: 1_700_086_400_000_000 }],
  ["searchIndexedObjects", { objectType: "Files", fileParams: { searchString: "hosts*" }, count: 50 }],
  ["createDataSourceConnection", { connectionName: "conn-1" }],
  ["createDataSourceConnection", { connectionName: "conn-2", connectionEnvType: "kIksVpc" }],
  ["downloadAgent", { platform: "kLinux", linuxParams: { packageType: "kRPM" } }],
  ["createUpgradeTask", { name: "upg1", agentIDs: [objectId] }],
];

function parseBody(name: OperationName, body: unknown) {
  const schema = (operations[name] as OperationDef).body as z.ZodType;
  return schema.safeParse(body);
}

function rejection(name: OperationName, body: unknown): string {
  const result = parseBody(name, body);
  expect(result.success, `${name} should reject ${JSON.stringify(body)}`).toBe(false);
  return formatZodIssues((result as { error: z.ZodError }).error, "body");
}

describe("§R minimal request bodies", () => {
  it.each(examples)("%s accepts its §R example", (name, body) => {
    const result = parseBody(name, body);
    expect(result.success ? "ok" : formatZodIssues(result.error, "body")).toBe("ok");
    expect(result.data).toEqual(body);
  });
});

describe("malformed request bodies are rejected naming the field", () => {
  const policy = examples[2]![1] as { name: string; backupPolicy: { regular: { retention: object } } };

  it("wrong enum value: names the path, the allowed values and what arrived", () => {
    const body = structuredClone(policy);
    body.backupPolicy.regular.retention = { unit: "Decades", duration: 14 };
    expect(rejection("createProtectionPolicy", body)).toBe(
      'body.backupPolicy.regular.retention.unit: expected one of Days|Weeks|Months|Years, got "Decades"',
    );
  });

  it("missing required field", () => {
    expect(rejection("createProtectionPolicy", { backupPolicy: policy.backupPolicy })).toBe(
      "body.name: required field missing (expected string)",
    );
    expect(rejection("createProtectionGroupRun", {})).toMatch(/^body\.runType: required field missing/);
    expect(rejection("createDownloadFilesAndFoldersRecovery", { name: "dl1", filesAndFolders: [] })).toContain(
      "body.object: required field missing",
    );
  });

  it("unknown field, also deep inside", () => {
    expect(rejection("createDataSourceConnection", { connectionName: "c", colour: "red" })).toBe("body.colour: unknown field");
    const group = structuredClone(examples[3]![1]) as { physicalParams: { fileProtectionTypeParams: { objects: Array<Record<string, unknown>> } } };
    group.physicalParams.fileProtectionTypeParams.objects[0]!.paths = ["/"];
    expect(rejection("createProtectionGroup", group)).toBe(
      "body.physicalParams.fileProtectionTypeParams.objects[0].paths: unknown field",
    );
  });

  it("§Q 25: `name` nested in physicalParams (the docs' curl example) is rejected", () => {
    const body = { environment: "kPhysical", dataSourceConnectionId: connId, physicalParams: { endpoint: "h", name: "host-a" } };
    expect(rejection("registerProtectionSource", body)).toBe("body.physicalParams.name: unknown field");
  });

  it("wrong id types: numbers for string ids, strings for int64 ids, malformed colon ids", () => {
    expect(
      rejection("registerProtectionSource", { environment: "kPhysical", dataSourceConnectionId: Number(connId), physicalParams: { endpoint: "h" } }),
    ).toMatch(/^body\.dataSourceConnectionId: expected a connection id as a decimal string .*got 7465828914523748/);
    expect(rejection("createUpgradeTask", { agentIDs: ["17"] })).toBe('body.agentIDs[0]: expected an integer, got "17"');
    expect(rejection("performActionOnProtectionGroupRun", { action: "Cancel", cancelParams: [{ runId: "42" }] })).toBe(
      'body.cancelParams[0].runId: expected a run id like "45:1700000000000000", got "42"',
    );
    expect(
      rejection("getRestorePointsInTimeRange", { environment: "kPhysical", protectionGroupIds: ["g1"], startTimeUsecs: 1, endTimeUsecs: 2 }),
    ).toMatch(/^body\.protectionGroupIds\[0\]: expected a protection group id like "123:11:1", got "g1"/);
    expect(rejection("createProtectionGroup", { ...(examples[3]![1] as object), policyId: 5 })).toMatch(/^body\.policyId: expected policy id as a string, got 5/);
  });

  it("enum spellings are exact: run types differ by context (§Q 13)", () => {
    expect(rejection("createProtectionGroupRun", { runType: "kIncremental" })).toMatch(/^body\.runType: expected one of kRegular\|/);
    expect(rejection("createProtectionGroupRun", { runType: "kregular" })).toContain('got "kregular"');
  });

  it("every issue is reported, one per field", () => {
    const message = rejection("downloadAgent", { platform: "kMac", linuxParams: {} });
    expect(message.split("; ").sort()).toEqual([
      "body.linuxParams.packageType: required field missing (expected one of kDEB|kPowerPCRPM|kRPM|kScript|kSuseRPM)",
      'body.platform: expected one of kLinux|kWindows, got "kMac"',
    ]);
  });
});

describe("path, query and header schemas are strict too", () => {
  it("colon-formatted group ids in the path and int64 ids for registrations (§0.4)", () => {
    expect(operations.getProtectionGroupByID.pathParams.safeParse({ id: groupId }).success).toBe(true);
    expect(operations.getProtectionGroupByID.pathParams.safeParse({ id: "42" }).success).toBe(false);
    expect(operations.getProtectionSourceRegistration.pathParams.safeParse({ id: 12 }).success).toBe(true);
    expect(operations.getProtectionSourceRegistration.pathParams.safeParse({ id: "12" }).success).toBe(false);
    expect(operations.deleteDataSourceConnector.pathParams.safeParse({ connectorId: "9007199254740993" }).success).toBe(true);
  });

  it("query enums and unknown query parameters", () => {
    const q = operations.getProtectionGroupRuns.query;
    expect(q.safeParse({ runTypes: ["kAll", "kIncremental"], numRuns: 5 }).success).toBe(true);
    const bad = q.safeParse({ runTypes: ["kRegular"], maxResultCount: 5 });
    expect(bad.success).toBe(false);
    expect(formatZodIssues(bad.error!, "query").split("; ").sort()).toEqual([
      "query.maxResultCount: unknown field",
      'query.runTypes[0]: expected one of kAll|kFull|kHydrateCDP|kIncremental|kLog|kStorageArraySnapshot|kSystem, got "kRegular"',
    ]);
  });

  it("the requestInitiatorType header takes exactly Helios|UIAuto|UIUser", () => {
    expect(operations.createRecovery.headers.safeParse({ requestInitiatorType: "UIUser" }).success).toBe(true);
    expect(operations.createRecovery.headers.safeParse({ requestInitiatorType: "Robot" }).success).toBe(false);
  });
});

describe("selector fields require the block they select", () => {
  it("a schedule unit needs its leaf schedule", () => {
    const body = { name: "p", backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", daySchedule: { frequency: 1 } } } } } };
    expect(rejection("createProtectionPolicy", body)).toBe(
      "body.backupPolicy.regular.incremental.schedule.hourSchedule: required when unit is Hours",
    );
    const once = { name: "p", backupPolicy: { regular: { full: { schedule: { unit: "ProtectOnce" } } } } };
    expect(parseBody("createProtectionPolicy", once).success).toBe(true);
  });

  it("a physical group needs physicalParams, and kFile needs fileProtectionTypeParams", () => {
    expect(rejection("createProtectionGroup", { name: "g", policyId, environment: "kPhysical" })).toBe(
      "body.physicalParams: required when environment is kPhysical",
    );
    expect(rejection("createProtectionGroup", { name: "g", policyId, environment: "kPhysical", physicalParams: { protectionType: "kFile" } })).toBe(
      "body.physicalParams.fileProtectionTypeParams: required when protectionType is kFile",
    );
  });

  it("registering a physical host needs physicalParams", () => {
    expect(rejection("registerProtectionSource", { environment: "kPhysical", name: "h" })).toBe(
      "body.physicalParams: required when environment is kPhysical",
    );
  });

  it("a run action needs a non-empty list of its own params", () => {
    expect(rejection("performActionOnProtectionGroupRun", { action: "Pause", cancelParams: [{ runId }] })).toBe(
      "body.pauseParams: required when action is Pause",
    );
    expect(rejection("performActionOnProtectionGroupRun", { action: "Cancel", cancelParams: [] })).toBe(
      "body.cancelParams: required when action is Cancel",
    );
  });

  it("a file recovery needs recoverFileAndFolderParams, and an alternate directory when not restoring in place", () => {
    const recovery = structuredClone(examples[9]![1]) as {
      physicalParams: { recoverFileAndFolderParams?: { physicalTargetParams: Record<string, unknown> } };
    };
    recovery.physicalParams.recoverFileAndFolderParams!.physicalTargetParams.restoreToOriginalPaths = false;
    expect(rejection("createRecovery", recovery)).toBe(
      "body.physicalParams.recoverFileAndFolderParams.physicalTargetParams.alternateRestoreDirectory: required when restoreToOriginalPaths is false",
    );
    delete recovery.physicalParams.recoverFileAndFolderParams;
    expect(rejection("createRecovery", recovery)).toBe(
      "body.physicalParams.recoverFileAndFolderParams: required when recoveryAction is RecoverFiles",
    );
    expect(rejection("createRecovery", { name: "r", snapshotEnvironment: "kPhysical" })).toBe(
      "body.physicalParams: required when snapshotEnvironment is kPhysical",
    );
  });

  it("a restore-point window must not end before it starts", () => {
    expect(
      rejection("getRestorePointsInTimeRange", { environment: "kPhysical", protectionGroupIds: [groupId], startTimeUsecs: 2, endTimeUsecs: 1 }),
    ).toBe("body.endTimeUsecs: must not be before startTimeUsecs");
  });
});

describe("field formats", () => {
  const group = examples[3]![1] as Record<string, unknown>;

  it("time zones must be IANA names", () => {
    expect(parseBody("createProtectionGroup", { ...group, startTime: { hour: 22, minute: 30, timeZone: "Europe/Berlin" } }).success).toBe(true);
    expect(rejection("createProtectionGroup", { ...group, startTime: { hour: 22, minute: 30, timeZone: "Mars/Olympus" } })).toBe(
      'body.startTime.timeZone: expected an IANA time zone such as Europe/Berlin, got "Mars/Olympus"',
    );
    expect(rejection("createProtectionGroup", { ...group, startTime: { hour: 24, minute: 0 } })).toMatch(/^body\.startTime\.hour: /);
  });

  it("alert targets need an email address", () => {
    const alertPolicy = { backupRunStatus: ["kFailure"], alertTargets: [{ emailAddress: "ops@example.com" }] };
    expect(parseBody("createProtectionGroup", { ...group, alertPolicy }).success).toBe(true);
    const bad = { ...alertPolicy, alertTargets: [{ emailAddress: "ops" }] };
    expect(rejection("createProtectionGroup", { ...group, alertPolicy: bad })).toBe(
      'body.alertPolicy.alertTargets[0].emailAddress: expected an email address, got "ops"',
    );
  });

  it("download chunks are capped at 8 MiB (§Q 6)", () => {
    const q = operations.downloadFilesFromRecovery.query;
    expect(q.safeParse({ startOffset: 0, length: 8 * 1024 * 1024 }).success).toBe(true);
    expect(q.safeParse({ startOffset: 0, length: 8 * 1024 * 1024 + 1 }).success).toBe(false);
  });
});

describe("composing request schemas (BFF inputs use pick/omit/extend)", () => {
  it("the *FieldsSchema twins of refined bodies can be picked, and the request schemas keep their rule", async () => {
    const c = await import("./index.ts");
    const fields: z.ZodObject[] = [
      c.ProtectionGroupFieldsSchema, c.RegisterProtectionSourceFieldsSchema, c.UpdateProtectionSourceRegistrationFieldsSchema,
      c.PerformRunActionFieldsSchema, c.CreateRecoveryFieldsSchema, c.GetRestorePointsFieldsSchema,
    ];
    for (const schema of fields) expect(() => schema.omit({})).not.toThrow();
    expect(c.ProtectionGroupFieldsSchema.pick({ name: true }).parse({ name: "g" })).toEqual({ name: "g" });
    expect(c.ProtectionGroupRequestSchema.safeParse({ name: "g", policyId, environment: "kPhysical" }).success).toBe(false);
  });
});

describe("SQL and Kubernetes recoveries", () => {
  it("a SQL restore to a new host parses; its required target fields are named when missing", () => {
    const sqlRestore = (newSourceConfig: Record<string, unknown>) => ({
      name: "sql-r1",
      snapshotEnvironment: "kSQL",
      mssqlParams: {
        recoveryAction: "RecoverApps",
        recoverAppParams: [
          { snapshotId: snapId, targetEnvironment: "kSQL", sqlTargetParams: { recoverToNewSource: true, newSourceConfig } },
        ],
      },
    });
    const target = {
      host: { id: objectId },
      instanceName: "MSSQLSERVER",
      dataFileDirectoryLocation: "D:\\data",
      logFileDirectoryLocation: "E:\\log",
      secondaryDataFilesDirList: [{ directory: "F:\\ndf", filenamePattern: "*.ndf" }],
    };
    expect(parseBody("createRecovery", sqlRestore(target)).success).toBe(true);
    const { instanceName: _dropped, ...withoutInstance } = target;
    expect(rejection("createRecovery", sqlRestore(withoutInstance))).toBe(
      "body.mssqlParams.recoverAppParams[0].sqlTargetParams.newSourceConfig.instanceName: required field missing (expected string)",
    );
  });

  it("a Kubernetes namespace recovery needs recoverNamespaceParams targeting kKubernetes", () => {
    const base = { name: "k1", snapshotEnvironment: "kKubernetes" };
    expect(rejection("createRecovery", { ...base, kubernetesParams: { recoveryAction: "RecoverNamespaces" } })).toBe(
      "body.kubernetesParams.recoverNamespaceParams: required when recoveryAction is RecoverNamespaces",
    );
    const ok = { ...base, kubernetesParams: { recoveryAction: "RecoverNamespaces", recoverNamespaceParams: { targetEnvironment: "kKubernetes" } } };
    expect(parseBody("createRecovery", ok).success).toBe(true);
  });
});

describe("error messages never echo secrets", () => {
  it("names the field of a bad or unknown secret-bearing value without its content", () => {
    const secret = "s3cr3t-Bearer-eyJhbGciOi";
    const k8s = { endpoint: "https://k8s", kubernetesDistribution: "kIKS", clientPrivateKey: { token: secret } };
    const message = rejection("registerProtectionSource", {
      environment: "kKubernetes",
      kubernetesParams: k8s,
      apiKey: secret,
    });
    expect(message).toContain("body.kubernetesParams.clientPrivateKey: expected string, got object");
    expect(message).toContain("body.apiKey: unknown field");
    expect(message).not.toContain(secret);
  });
});
