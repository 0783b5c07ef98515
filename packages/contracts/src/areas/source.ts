// §2 Datasource registration: six operations on /data-protect/sources/registrations.
import { z } from "zod";
import {
  PatchProtectionSourceRegistrationRequestSchema, RegisterProtectionSourceRequestSchema,
  SourceRegistrationSchema, SourceRegistrationsResponseSchema, UpdateProtectionSourceRegistrationRequestSchema,
} from "../models/source.ts";
import { defineOperation } from "../operation.ts";
import { int64, nullTolerant } from "../wire.ts";
import { Int64IdPathSchema, list, RequestInitiatorHeadersSchema } from "./shared.ts";

export const sourceOperations = {
  getSourceRegistrations: defineOperation({
    name: "getSourceRegistrations",
    sdkName: "GetSourceRegistrations",
    area: "source",
    method: "GET",
    path: "/data-protect/sources/registrations",
    successStatus: 200,
    query: z.strictObject({
      ids: list(int64()),
      includeSourceCredentials: z.boolean().optional(),
      encryptionKey: z.string().optional(),
      useCachedData: z.boolean().optional(),
      includeExternalMetadata: z.boolean().optional(),
      ignoreTenantMigrationInProgressCheck: z.boolean().optional(),
    }),
    response: nullTolerant(SourceRegistrationsResponseSchema),
    responseKind: "json",
    idempotent: true,
  }),
  getProtectionSourceRegistration: defineOperation({
    name: "getProtectionSourceRegistration",
    sdkName: "GetProtectionSourceRegistration",
    area: "source",
    method: "GET",
    path: "/data-protect/sources/registrations/{id}",
    successStatus: 200,
    pathParams: Int64IdPathSchema,
    headers: RequestInitiatorHeadersSchema,
    response: nullTolerant(SourceRegistrationSchema),
    responseKind: "json",
    idempotent: true,
  }),
  registerProtectionSource: defineOperation({
    name: "registerProtectionSource",
    sdkName: "RegisterProtectionSource",
    area: "source",
    method: "POST",
    path: "/data-protect/sources/registrations",
    successStatus: 201,
    body: RegisterProtectionSourceRequestSchema,
    response: nullTolerant(SourceRegistrationSchema),
    responseKind: "json",
    idempotent: false,
  }),
  updateProtectionSourceRegistration: defineOperation({
    name: "updateProtectionSourceRegistration",
    sdkName: "UpdateProtectionSourceRegistration",
    area: "source",
    method: "PUT",
    path: "/data-protect/sources/registrations/{id}",
    successStatus: 200,
    pathParams: Int64IdPathSchema,
    body: UpdateProtectionSourceRegistrationRequestSchema,
    response: nullTolerant(SourceRegistrationSchema),
    responseKind: "json",
    idempotent: true,
  }),
  patchProtectionSourceRegistration: defineOperation({
    name: "patchProtectionSourceRegistration",
    sdkName: "PatchProtectionSourceRegistration",
    area: "source",
    method: "PATCH",
    path: "/data-protect/sources/registrations/{id}",
    successStatus: 200,
    pathParams: Int64IdPathSchema,
    body: PatchProtectionSourceRegistrationRequestSchema,
    response: nullTolerant(SourceRegistrationSchema),
    responseKind: "json",
    // PATCH is outside the retry-safe set (GET, PUT, DELETE and reads by POST).
    idempotent: false,
  }),
  deleteProtectionSourceRegistration: defineOperation({
    name: "deleteProtectionSourceRegistration",
    sdkName: "DeleteProtectionSourceRegistration",
    area: "source",
    method: "DELETE",
    path: "/data-protect/sources/registrations/{id}",
    successStatus: 204,
    pathParams: Int64IdPathSchema,
    responseKind: "empty",
    idempotent: true,
  }),
} as const;
