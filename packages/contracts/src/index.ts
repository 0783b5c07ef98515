// @lifeboat/contracts: zod schemas of the IBM Cloud Backup and Recovery API (reference
// ../../shared/reference/backup-recovery-api.md), the operations table, and wire helpers.
export * from "./operation.ts";
export * from "./operations.ts";
export * from "./enums.ts";
export * from "./wire.ts";
export * from "./wire-params.ts";
export * from "./time.ts";
export * from "./format-zod-issues.ts";
export * from "./field-errors.ts";
export * from "./models/common.ts";
export * from "./models/source.ts";
export * from "./models/policy.ts";
export * from "./models/protection-group.ts";
export * from "./models/run.ts";
export * from "./models/recovery-params.ts";
export * from "./models/recovery-apps.ts";
export * from "./models/recovery.ts";
export * from "./models/connection.ts";
export * from "./models/object.ts";
export * from "./models/protection-sources.ts";
export * from "./models/progress.ts";
export * from "./models/snapshot-meta-info.ts";
export { MAX_DOWNLOAD_CHUNK_BYTES } from "./areas/recovery.ts";
export { RecoveryIdPathSchema, RequestInitiatorHeadersSchema } from "./areas/shared.ts";
export * from "./snapshot-folder.ts";
