// The table must match reference §1 exactly. The expected rows below are transcribed from §1 by
// hand (not generated from the table), so a typo in either place shows up here.
import { describe, expect, it } from "vitest";
import { operations, operationList, type OperationName } from "./operations.ts";

const section1: ReadonlyArray<[sdkName: string, method: string, path: string, status: number]> = [
  ["GetSourceRegistrations", "GET", "/data-protect/sources/registrations", 200],
  ["GetProtectionSourceRegistration", "GET", "/data-protect/sources/registrations/{id}", 200],
  ["RegisterProtectionSource", "POST", "/data-protect/sources/registrations", 201],
  ["UpdateProtectionSourceRegistration", "PUT", "/data-protect/sources/registrations/{id}", 200],
  ["PatchProtectionSourceRegistration", "PATCH", "/data-protect/sources/registrations/{id}", 200],
  ["DeleteProtectionSourceRegistration", "DELETE", "/data-protect/sources/registrations/{id}", 204],
  ["GetProtectionGroups", "GET", "/data-protect/protection-groups", 200],
  ["GetProtectionGroupByID", "GET", "/data-protect/protection-groups/{id}", 200],
  ["CreateProtectionGroup", "POST", "/data-protect/protection-groups", 201],
  ["UpdateProtectionGroup", "PUT", "/data-protect/protection-groups/{id}", 200],
  ["DeleteProtectionGroup", "DELETE", "/data-protect/protection-groups/{id}", 204],
  ["GetProtectionPolicies", "GET", "/data-protect/policies", 200],
  ["GetProtectionPolicyByID", "GET", "/data-protect/policies/{id}", 200],
  ["CreateProtectionPolicy", "POST", "/data-protect/policies", 201],
  ["UpdateProtectionPolicy", "PUT", "/data-protect/policies/{id}", 200],
  ["DeleteProtectionPolicy", "DELETE", "/data-protect/policies/{id}", 204],
  ["GetProtectionGroupRuns", "GET", "/data-protect/protection-groups/{id}/runs", 200],
  ["CreateProtectionGroupRun", "POST", "/data-protect/protection-groups/{id}/runs", 202],
  ["UpdateProtectionGroupRun", "PUT", "/data-protect/protection-groups/{id}/runs", 207],
  ["PerformActionOnProtectionGroupRun", "POST", "/data-protect/protection-groups/{id}/runs/actions", 202],
  ["GetRecoveries", "GET", "/data-protect/recoveries", 200],
  ["GetRecoveryByID", "GET", "/data-protect/recoveries/{id}", 200],
  ["CreateRecovery", "POST", "/data-protect/recoveries", 201],
  ["CreateDownloadFilesAndFoldersRecovery", "POST", "/data-protect/recoveries/download-files-folders", 201],
  ["GetRestorePointsInTimeRange", "POST", "/data-protect/snapshots/restore-points", 201],
  ["DownloadFilesFromRecovery", "GET", "/data-protect/recoveries/{id}/download-files", 200],
  ["DownloadIndexedFile", "GET", "/data-protect/snapshots/{snapshotsId}/download-file", 200],
  ["GetDataSourceConnections", "GET", "/data-source-connections", 200],
  ["CreateDataSourceConnection", "POST", "/data-source-connections", 201],
  ["GenerateDataSourceConnectionRegistrationToken", "POST", "/data-source-connections/{connectionId}/registrationToken", 200],
  ["PatchDataSourceConnection", "PATCH", "/data-source-connections/{connectionId}", 200],
  ["DeleteDataSourceConnection", "DELETE", "/data-source-connections/{connectionId}", 204],
  ["GetUpgradeTasks", "GET", "/data-protect/agents/upgrade-tasks", 200],
  ["DownloadAgent", "POST", "/data-protect/agents/download", 200],
  ["CreateUpgradeTask", "POST", "/data-protect/agents/upgrade-tasks", 201],
  ["GetObjectSnapshots", "GET", "/data-protect/objects/{id}/snapshots", 200],
  ["SearchObjects", "GET", "/data-protect/search/objects", 200],
  ["SearchProtectedObjects", "GET", "/data-protect/search/protected-objects", 200],
  ["SearchIndexedObjects", "POST", "/data-protect/search/indexed-objects", 200],
  ["GetDataSourceConnectors", "GET", "/data-source-connectors", 200],
  ["GetConnectorMetadata", "GET", "/data-source-connectors/metadata", 200],
  ["PatchDataSourceConnector", "PATCH", "/data-source-connectors/{connectorId}", 200],
  ["DeleteDataSourceConnector", "DELETE", "/data-source-connectors/{connectorId}", 204],
  // #44–#51: the IBM Go SDK v1.2.5 additions (§11–§13); the three v1 paths at the host root (§Q 26).
  ["ListProtectionSources", "GET", "/irisservices/api/v1/public/protectionSources", 200],
  ["ListProtectionSourcesRegistrationInfo", "GET", "/irisservices/api/v1/public/protectionSources/registrationInfo", 200],
  ["RefreshProtectionSourceByID", "POST", "/data-protect/sources/{id}/refresh", 204],
  ["GetProtectionGroupRun", "GET", "/data-protect/protection-groups/{id}/runs/{runId}", 200],
  ["GetProtectionRunProgress", "GET", "/data-protect/runs/{runId}/progress", 200],
  ["GetProgressMonitors", "GET", "/irisservices/api/v1/progressMonitors", 200],
  ["ConstructMetaInfo", "POST", "/data-protect/snapshots/{snapshotId}/meta-info", 200],
  ["CancelRecoveryByID", "POST", "/data-protect/recoveries/{id}/cancel", 204],
];

const HOST_ROOT = ["ListProtectionSources", "ListProtectionSourcesRegistrationInfo", "GetProgressMonitors"];

const lowerCamel = (sdkName: string) => sdkName.charAt(0).toLowerCase() + sdkName.slice(1);

describe("operations table (reference §1)", () => {
  it("has exactly the 51 operations of §1, keyed by the SDK name in lowerCamelCase", () => {
    expect(section1).toHaveLength(51);
    expect(Object.keys(operations).sort()).toEqual(section1.map(([sdk]) => lowerCamel(sdk)).sort());
  });

  it.each(section1)("%s is %s %s answering %i", (sdkName, method, path, status) => {
    const op = operations[lowerCamel(sdkName) as OperationName];
    expect({ name: op.name, sdkName: op.sdkName, method: op.method, path: op.path, status: op.successStatus }).toEqual({
      name: lowerCamel(sdkName),
      sdkName,
      method,
      path,
      status,
    });
  });

  it("resolves the three v1 operations at the host root and every other under /v2 (§Q 26)", () => {
    for (const op of operationList) {
      expect(op.root === "host", op.name).toBe(HOST_ROOT.includes(op.sdkName));
      expect(op.path.startsWith("/irisservices/"), op.name).toBe(op.root === "host");
    }
    expect(operationList.map((op) => op.sdkName)).toEqual(section1.map(([sdk]) => sdk));
  });

  it("declares a schema for every path parameter in the template, and no other", () => {
    for (const op of operationList) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = op.pathParams ? Object.keys((op.pathParams as unknown as { shape: object }).shape).sort() : [];
      expect(declared, op.name).toEqual(inPath);
    }
  });

  it("reads 204s as empty, downloads as binary and everything else as JSON with a response schema", () => {
    const binary = ["downloadFilesFromRecovery", "downloadIndexedFile", "downloadAgent"];
    for (const op of operationList) {
      const expected = op.successStatus === 204 ? "empty" : binary.includes(op.name) ? "binary" : "json";
      expect(op.responseKind, op.name).toBe(expected);
      expect(op.response !== undefined, op.name).toBe(expected === "json");
    }
  });

  it("marks GET/PUT/DELETE and the reads by POST idempotent, and nothing else", () => {
    const readsByPost = ["getRestorePointsInTimeRange", "searchIndexedObjects", "constructMetaInfo"];
    // PUT …/runs changes retention by a relative daysToKeep: retrying it twice extends twice.
    const relativePut = ["updateProtectionGroupRun"];
    for (const op of operationList) {
      const expected =
        (["GET", "PUT", "DELETE"].includes(op.method) && !relativePut.includes(op.name)) || readsByPost.includes(op.name);
      expect(op.idempotent, op.name).toBe(expected);
    }
  });

  it("has a body schema exactly for the operations §2–§13 give a request body (GetProgressMonitors' GET body travels as its query)", () => {
    const withBody = operationList.filter((op) => op.body !== undefined).map((op) => op.sdkName).sort();
    expect(withBody).toEqual(
      [
        "RegisterProtectionSource", "UpdateProtectionSourceRegistration", "PatchProtectionSourceRegistration",
        "CreateProtectionGroup", "UpdateProtectionGroup", "CreateProtectionPolicy", "UpdateProtectionPolicy",
        "CreateProtectionGroupRun", "UpdateProtectionGroupRun", "PerformActionOnProtectionGroupRun",
        "CreateRecovery", "CreateDownloadFilesAndFoldersRecovery", "GetRestorePointsInTimeRange",
        "CreateDataSourceConnection", "PatchDataSourceConnection", "DownloadAgent", "CreateUpgradeTask",
        "SearchIndexedObjects", "PatchDataSourceConnector", "ConstructMetaInfo",
      ].sort(),
    );
  });
});
