// A few small operations shaped like real table entries, for the machinery's unit tests (retries,
// timeouts, concurrency, downloads) independent of the full contracts.
import type { OperationDef } from "@lifeboat/contracts";
import { z } from "zod";

// Same as contracts' defineOperation: keeps literal types (responseKind, idempotent) of each entry.
const defineOperation = <const T extends OperationDef>(op: T): T => op;

const Policy = z.looseObject({ id: z.string(), name: z.string() });

export const testOperations = {
  getPolicies: defineOperation({
    name: "getPolicies",
    sdkName: "GetPolicies",
    area: "policy",
    method: "GET",
    path: "/data-protect/policies",
    successStatus: 200,
    query: z.strictObject({ ids: z.array(z.string()).optional(), includeTenants: z.boolean().optional(), count: z.int().optional() }),
    headers: z.strictObject({ requestInitiatorType: z.enum(["UIUser", "UIAuto", "Helios"]).optional() }),
    response: z.looseObject({ policies: z.array(Policy).optional() }),
    responseKind: "json",
    idempotent: true,
  }),
  getPolicyById: defineOperation({
    name: "getPolicyById",
    sdkName: "GetPolicyById",
    area: "policy",
    method: "GET",
    path: "/data-protect/policies/{id}",
    successStatus: 200,
    pathParams: z.strictObject({ id: z.string().min(1) }),
    response: Policy,
    responseKind: "json",
    idempotent: true,
  }),
  createPolicy: defineOperation({
    name: "createPolicy",
    sdkName: "CreatePolicy",
    area: "policy",
    method: "POST",
    path: "/data-protect/policies",
    successStatus: 201,
    body: z.strictObject({ name: z.string().min(1) }),
    response: Policy,
    responseKind: "json",
    idempotent: false,
  }),
  deletePolicy: defineOperation({
    name: "deletePolicy",
    sdkName: "DeletePolicy",
    area: "policy",
    method: "DELETE",
    path: "/data-protect/policies/{id}",
    successStatus: 204,
    pathParams: z.strictObject({ id: z.string().min(1) }),
    responseKind: "empty",
    idempotent: true,
  }),
  downloadFile: defineOperation({
    name: "downloadFile",
    sdkName: "DownloadFile",
    area: "recovery",
    method: "GET",
    path: "/data-protect/recoveries/{id}/download-files",
    successStatus: 200,
    pathParams: z.strictObject({ id: z.string().min(1) }),
    query: z.strictObject({ startOffset: z.int().optional(), length: z.int().optional(), fileType: z.string().optional() }),
    responseKind: "binary",
    idempotent: true,
  }),
  downloadPackage: defineOperation({
    name: "downloadPackage",
    sdkName: "DownloadPackage",
    area: "agent",
    method: "POST",
    path: "/data-protect/agents/download",
    successStatus: 200,
    body: z.strictObject({ platform: z.enum(["kLinux", "kWindows"]) }),
    responseKind: "binary",
    idempotent: false,
  }),
};
