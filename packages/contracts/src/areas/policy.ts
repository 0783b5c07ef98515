// §4 Protection policies: five operations on /data-protect/policies.
import { z } from "zod";
import { PolicyTypeSchema } from "../enums.ts";
import {
  ProtectionPoliciesResponseSchema, ProtectionPolicyRequestSchema, ProtectionPolicySchema,
} from "../models/policy.ts";
import { defineOperation } from "../operation.ts";
import { int64, opaqueId, nullTolerant } from "../wire.ts";
import { list, RequestInitiatorHeadersSchema } from "./shared.ts";

/** Policy ids are strings without a documented format (§0.4). */
const PolicyIdPathSchema = z.strictObject({ id: opaqueId("policy id") });

export const policyOperations = {
  getProtectionPolicies: defineOperation({
    name: "getProtectionPolicies",
    sdkName: "GetProtectionPolicies",
    area: "policy",
    method: "GET",
    path: "/data-protect/policies",
    successStatus: 200,
    headers: RequestInitiatorHeadersSchema,
    query: z.strictObject({
      ids: list(z.string()),
      policyNames: list(z.string()),
      types: list(PolicyTypeSchema),
      excludeLinkedPolicies: z.boolean().optional(),
      includeReplicatedPolicies: z.boolean().optional(),
      includeStats: z.boolean().optional(),
      vaultIds: list(int64()),
    }),
    response: nullTolerant(ProtectionPoliciesResponseSchema),
    responseKind: "json",
    idempotent: true,
  }),
  getProtectionPolicyByID: defineOperation({
    name: "getProtectionPolicyByID",
    sdkName: "GetProtectionPolicyByID",
    area: "policy",
    method: "GET",
    path: "/data-protect/policies/{id}",
    successStatus: 200,
    pathParams: PolicyIdPathSchema,
    headers: RequestInitiatorHeadersSchema,
    response: nullTolerant(ProtectionPolicySchema),
    responseKind: "json",
    idempotent: true,
  }),
  createProtectionPolicy: defineOperation({
    name: "createProtectionPolicy",
    sdkName: "CreateProtectionPolicy",
    area: "policy",
    method: "POST",
    path: "/data-protect/policies",
    successStatus: 201,
    body: ProtectionPolicyRequestSchema,
    response: nullTolerant(ProtectionPolicySchema),
    responseKind: "json",
    idempotent: false,
  }),
  updateProtectionPolicy: defineOperation({
    name: "updateProtectionPolicy",
    sdkName: "UpdateProtectionPolicy",
    area: "policy",
    method: "PUT",
    path: "/data-protect/policies/{id}",
    successStatus: 200,
    pathParams: PolicyIdPathSchema,
    body: ProtectionPolicyRequestSchema,
    response: nullTolerant(ProtectionPolicySchema),
    responseKind: "json",
    idempotent: true,
  }),
  deleteProtectionPolicy: defineOperation({
    name: "deleteProtectionPolicy",
    sdkName: "DeleteProtectionPolicy",
    area: "policy",
    method: "DELETE",
    path: "/data-protect/policies/{id}",
    successStatus: 204,
    pathParams: PolicyIdPathSchema,
    responseKind: "empty",
    idempotent: true,
  }),
} as const;
