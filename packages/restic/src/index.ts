export { createRestic, type Restic, type ResticVersion } from "./restic.ts";
export { ResticError, ResticMissingError, classifyFailure, type ResticErrorCode } from "./errors.ts";
export { scrubSecrets } from "./scrub.ts";
export {
  LocalRepositorySchema,
  RepositoryConfigSchema,
  RestRepositorySchema,
  S3RepositorySchema,
  SftpRepositorySchema,
  repositoryAccess,
  type RepositoryConfig,
} from "./repository.ts";
export { ResticOptionsSchema, type ResticOptions } from "./options.ts";
export type { BackupHandle, BackupOptions } from "./backup.ts";
export type { BackupProgress, BackupSummary, BackupWarning, Snapshot, SnapshotNode } from "./messages.ts";
export type { DumpOptions, DumpStream } from "./dump.ts";
export type { LsOptions } from "./ls.ts";
export type { RestoreOptions, RestoreProgress, RestoreSummary } from "./restore.ts";
export type { CheckResult, ForgetResult, ForgetTarget } from "./maintenance.ts";
