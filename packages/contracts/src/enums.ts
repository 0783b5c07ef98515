// Exact wire values of the enums the requests accept (reference §E). Responses decode the same
// fields as plain strings (§Q 11–13), so only request-side validation uses these.
import type { z } from "zod";
import { wireEnum } from "./wire.ts";

// §E.1 — the SDK accepts only these three for register / group / recovery.
export const EnvironmentSchema = wireEnum(["kKubernetes", "kPhysical", "kSQL"]);
export type Environment = z.infer<typeof EnvironmentSchema>;
export const SearchEnvironmentSchema = wireEnum(["kPhysical", "kSQL"]);

// §E.1 restore-points request environment (full v2 list, 33 values).
export const RestorePointsEnvironmentSchema = wireEnum([
  "kAcropolis", "kAD", "kAWS", "kAzure", "kCassandra", "kCouchbase", "kElastifile", "kExchange",
  "kFlashBlade", "kGCP", "kGenericNas", "kGPFS", "kHBase", "kHdfs", "kHive", "kHyperV",
  "kIbmFlashSystem", "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kNetapp", "kO365", "kOracle",
  "kPhysical", "kPure", "kRemoteAdapter", "kSAPHANA", "kSfdc", "kSQL", "kUDA", "kView", "kVMware",
]);

// §E.1 objectActionKeys filter of GetObjectSnapshots (55 values).
export const ObjectActionKeySchema = wireEnum([
  "kAcropolis", "kAD", "kAuroraSnapshotManager", "kAWS", "kAwsAuroraPostgres", "kAWSNative",
  "kAwsRDSPostgres", "kAwsRDSPostgresBackup", "kAwsS3", "kAWSSnapshotManager", "kAzure",
  "kAzureNative", "kAzureSnapshotManager", "kAzureSQL", "kCassandra", "kCouchbase", "kElastifile",
  "kExchange", "kFlashBlade", "kGCP", "kGenericNas", "kGPFS", "kHBase", "kHdfs", "kHive", "kHyperV",
  "kIbmFlashSystem", "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kNetapp", "kO365",
  "kO365Exchange", "kO365ExchangeCSM", "kO365Group", "kO365OneDrive", "kO365OneDriveCSM",
  "kO365PublicFolders", "kO365Sharepoint", "kO365SharepointCSM", "kO365Teams", "kOracle",
  "kPhysical", "kPhysicalFiles", "kPure", "kRDSSnapshotManager", "kRemoteAdapter", "kSAPHANA",
  "kSfdc", "kSQL", "kUDA", "kVCD", "kView", "kVMware",
]);

// §E.1 indexed-file source environments (28 values).
export const IndexedFileSourceEnvironmentSchema = wireEnum([
  "kAcropolis", "kAWS", "kAzure", "kElastifile", "kExchange", "kFlashBlade", "kGCP", "kGenericNas",
  "kGPFS", "kHyperFlex", "kHyperV", "kIbmFlashSystem", "kIsilon", "kKubernetes", "kKVM", "kNetapp",
  "kO365", "kOracle", "kPhysical", "kPhysicalFiles", "kPure", "kRemoteAdapter", "kSAPHANA", "kSfdc",
  "kSQL", "kUDA", "kView", "kVMware",
]);

// §E.2
export const ProtectionTypeSchema = wireEnum([
  "kAgent", "kAuroraSnapshotManager", "kAwsAuroraPostgres", "kAwsRDSPostgres",
  "kAwsRDSPostgresBackup", "kAwsS3", "kAzureSQL", "kFile", "kNative", "kRDSSnapshotManager",
  "kSnapshotManager", "kVolume",
]);
export const PhysicalProtectionTypeSchema = wireEnum(["kFile", "kVolume"]);
export const MssqlProtectionTypeSchema = wireEnum(["kFile", "kNative", "kVolume"]);
export const OsTypeSchema = wireEnum(["kLinux", "kWindows"]);
export const PhysicalTypeSchema = wireEnum([
  "kGroup", "kHost", "kOracleAPCluster", "kOracleRACCluster", "kUnixCluster", "kWindowsCluster",
]);
export const PhysicalApplicationSchema = wireEnum(["kOracle", "kSQL"]);
export const KubernetesDistributionSchema = wireEnum([
  "kAKS", "kEKS", "kGKE", "kIKS", "kMainline", "kOpenshift", "kRancher", "kROKS", "kVMwareTanzu",
]);
export const DatamoverServiceTypeSchema = wireEnum(["kClusterIp", "kHostPort", "kLoadBalancer", "kNodePort"]);
export const KubernetesTypeSchema = wireEnum([
  "kCluster", "kLabel", "kNamespace", "kPersistentVolume", "kPersistentVolumeClaim", "kPVC", "kService",
]);

// §E.3 — run-status filters take these 12; object lastRunStatus adds LegalHold (§Q 12).
export const RunStatusSchema = wireEnum([
  "Accepted", "Canceled", "Canceling", "Failed", "Finalizing", "Missed", "OnHold", "Paused",
  "Running", "Skipped", "Succeeded", "SucceededWithWarning",
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

// §E.4 — the run-type spellings differ by context (§Q 13).
export const RunTypeSchema = wireEnum(["kRegular", "kFull", "kLog", "kSystem", "kHydrateCDP", "kStorageArraySnapshot"]);
export type RunType = z.infer<typeof RunTypeSchema>;
export const RunTypeFilterSchema = wireEnum([
  "kAll", "kFull", "kHydrateCDP", "kIncremental", "kLog", "kStorageArraySnapshot", "kSystem",
]);
export const CopyRunTypeSchema = wireEnum(["Regular", "Full", "Log", "System", "StorageArraySnapshot"]);
export const SlaRunTypeSchema = wireEnum(["kFull", "kIncremental", "kLog"]);

// §E.5
export const RunActionSchema = wireEnum(["Cancel", "Pause", "Resume"]);
export const PhysicalRecoveryActionSchema = wireEnum([
  "InstantVolumeMount", "RecoverFiles", "RecoverPhysicalVolumes", "RecoverSystem",
]);
export const SqlRecoveryActionSchema = wireEnum(["CloneApps", "RecoverApps"]);
export const KubernetesRecoveryActionSchema = wireEnum(["DownloadFilesAndFolders", "RecoverFiles", "RecoverNamespaces"]);
export const RecoveryActionSchema = wireEnum([
  "CloneApps", "CloneAppView", "CloneRefreshApp", "CloneView", "CloneVMs", "CloneVMsToView",
  "ConvertAndDeployVMs", "ConvertToPst", "DeployVMs", "DownloadChats", "DownloadFilesAndFolders",
  "InstantVolumeMount", "RecoverApps", "RecoverAurora", "RecoverAzureSQL", "RecoverExchangeDbs",
  "RecoverFiles", "RecoverMailbox", "RecoverMailboxCSM", "RecoverMsGroup", "RecoverMsTeam",
  "RecoverNamespaces", "RecoverNasVolume", "RecoverObjects", "RecoverOneDrive", "RecoverOneDriveCSM",
  "RecoverPhysicalVolumes", "RecoverPublicFolders", "RecoverRDS", "RecoverRDSPostgres",
  "RecoverS3Buckets", "RecoverSanGroup", "RecoverSanVolumes", "RecoverSfdcObjects", "RecoverSfdcOrg",
  "RecoverSfdcRecords", "RecoverSharePoint", "RecoverSharePointCSM", "RecoverSystem", "RecoverVApps",
  "RecoverVAppTemplates", "RecoverVmDisks", "RecoverVMs", "UptierSnapshot",
]);
export const SnapshotActionSchema = wireEnum([
  "ConvertToPst", "DownloadChats", "DownloadFilesAndFolders", "InstantVolumeMount", "MountVolumes",
  "RecoverApps", "RecoverAurora", "RecoverAzureSQL", "RecoverFiles", "RecoverMailbox",
  "RecoverMailboxCSM", "RecoverMsGroup", "RecoverMsTeam", "RecoverNamespaces", "RecoverNasVolume",
  "RecoverObjects", "RecoverOneDrive", "RecoverOneDriveCSM", "RecoverPhysicalVolumes",
  "RecoverPublicFolders", "RecoverRDS", "RecoverRDSPostgres", "RecoverS3Buckets", "RecoverSanVolumes",
  "RecoverSfdcRecords", "RecoverSharePoint", "RecoverSharePointCSM", "RecoverSystem", "RecoverVApps",
  "RecoverVAppTemplates", "RecoverVmDisks", "RecoverVMs",
]);

// §E.6
export const RecoveryStatusSchema = wireEnum([
  "Accepted", "Canceled", "Canceling", "Failed", "Finalizing", "LegalHold", "Missed", "OnHold",
  "Running", "Skipped", "Succeeded", "SucceededWithWarning",
]);
export type RecoveryStatus = z.infer<typeof RecoveryStatusSchema>;
export const FileRecoveryStatusSchema = wireEnum([
  "CopyInProgress", "EstimationDone", "EstimationInProgress", "Finished", "NotStarted",
]);
export const GlacierRetrievalTypeSchema = wireEnum(["kExpeditedNoPCU", "kExpeditedWithPCU", "kStandard"]);
export const OverwritingPolicySchema = wireEnum(["FailIfExists", "Overwrite"]);
export const RestoreEntityTypeSchema = wireEnum(["kACLOnly", "kRegular"]);

// §E.7 / §E.8 — time units listed shortest first so error messages read naturally.
export const RetentionUnitSchema = wireEnum(["Days", "Weeks", "Months", "Years"]);
export const DataLockModeSchema = wireEnum(["Administrative", "Compliance"]);
export const CdpRetentionUnitSchema = wireEnum(["Minutes", "Hours"]);
export const TargetScheduleUnitSchema = wireEnum(["Runs", "Hours", "Days", "Weeks", "Months", "Years"]);
export const IncrementalScheduleUnitSchema = wireEnum(["Minutes", "Hours", "Days", "Weeks", "Months", "Years"]);
export const FullScheduleUnitSchema = wireEnum(["Days", "Weeks", "Months", "Years", "ProtectOnce"]);
export const LogScheduleUnitSchema = wireEnum(["Minutes", "Hours"]);
export const BmrScheduleUnitSchema = wireEnum(["Days", "Weeks", "Months", "Years"]);
export const DayOfWeekSchema = wireEnum(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]);
export const WeekOfMonthSchema = wireEnum(["First", "Second", "Third", "Fourth", "Last"]);
export const DayOfYearSchema = wireEnum(["First", "Last"]);

// §E.9
export const AgentPlatformSchema = wireEnum(["kLinux", "kWindows"]);
export const LinuxPackageTypeSchema = wireEnum(["kDEB", "kPowerPCRPM", "kRPM", "kScript", "kSuseRPM"]);

// §E.10
export const ConnectionEnvTypeSchema = wireEnum(["kIksClassic", "kIksVpc", "kRoksClassic", "kRoksVpc"]);

// §E.11
export const PrioritySchema = wireEnum(["kHigh", "kLow", "kMedium"]);
export const QosPolicySchema = wireEnum(["kBackupAll", "kBackupHDD", "kBackupSSD", "kTestAndDevHigh"]);
export const AlertRunStatusSchema = wireEnum(["kFailure", "kSlaViolation", "kSuccess", "kWarning"]);
export const AlertLanguageSchema = wireEnum(["en-us", "ja-jp", "zh-cn"]);
export const AlertRecipientTypeSchema = wireEnum(["kCc", "kTo"]);
export const IgnorableErrorSchema = wireEnum(["kEOF", "kNonExistent"]);
export const PrimaryBackupTargetTypeSchema = wireEnum(["Archival", "Local"]);
export const ReplicationTargetTypeSchema = wireEnum(["AWS", "Azure", "RemoteCluster"]);
export const CloudReplicationTargetTypeSchema = wireEnum(["AWS", "Azure"]);
export const ArchivalTargetTypeSchema = wireEnum(["Cloud", "Nas", "Tape"]);
export const CloudPlatformSchema = wireEnum(["AWS", "Azure", "Google", "Oracle"]);
export const SnapshotTargetTypeSchema = wireEnum(["Archival", "Local", "Remote", "RpaasArchival", "StorageArraySnapshot"]);
export const PolicyTypeSchema = wireEnum(["Internal", "Regular"]);
export const RequestInitiatorTypeSchema = wireEnum(["Helios", "UIAuto", "UIUser"]);
export const IndexedObjectTypeSchema = wireEnum([
  "CassandraObjects", "CouchbaseObjects", "Emails", "ExchangeObjects", "Files", "GroupsObjects",
  "HbaseObjects", "HDFSObjects", "HiveObjects", "MongoObjects", "OneDriveObjects", "PublicFolders",
  "SfdcRecords", "SharepointObjects", "TeamsObjects", "UdaObjects",
]);
export const IndexedFileTypeSchema = wireEnum(["Directory", "File", "Symlink"]);
export const TagTypeSchema = wireEnum(["Custom", "System", "ThirdParty"]);
export const TagCategorySchema = wireEnum(["Security"]);
export const TagSubCategorySchema = wireEnum(["Anomalies", "Classification", "Dspm", "Threats"]);
export const AagBackupPreferenceTypeSchema = wireEnum([
  "kAnyReplica", "kPreferSecondaryReplica", "kPrimaryReplicaOnly", "kSecondaryReplicaOnly",
]);
export const UserDbBackupPreferenceTypeSchema = wireEnum([
  "kBackupAllDatabases", "kBackupAllExceptAAGDatabases", "kBackupOnlyAAGDatabases",
]);
export const LabelCombinationMethodSchema = wireEnum(["AND", "OR"]);

// Response-only enums: responses decode these fields as plain strings (§Q 11–13), but the UI and
// the engine use the known values (status badges, what the engine emits). `safeParse` tells known
// from new values.
export const LastRunStatusSchema = wireEnum([
  "Accepted", "Canceled", "Canceling", "Failed", "Finalizing", "LegalHold", "Missed", "OnHold",
  "Paused", "Running", "Skipped", "Succeeded", "SucceededWithWarning",
]);
export const SnapshotStatusSchema = wireEnum([
  "kCurrentAttemptPaused", "kCurrentAttemptPausing", "kCurrentAttemptResuming", "kFailed",
  "kInProgress", "kSuccessful", "kWaitingForNextAttempt", "kWaitingForOlderBackupRun", "kWarning",
]);
export const ProgressTaskStatusSchema = wireEnum(["Active", "Canceled", "Finished", "FinishedGarbageCollected", "FinishedWithError"]);
export const IndexingStatusSchema = wireEnum(["Done", "Error", "InProgress", "NoIndex"]);
export const TearDownStatusSchema = wireEnum(["Destroyed", "DestroyError", "Destroying", "DestroyScheduled"]);
export const AuthenticationStatusSchema = wireEnum(["Finished", "Pending", "RefreshInProgress", "Scheduled"]);
export const UpgradeTaskStatusSchema = wireEnum(["Canceled", "Failed", "PartiallyFailed", "Running", "Scheduled", "Succeeded"]);
export const UpgradeTaskTypeSchema = wireEnum(["Auto", "Manual", "Retry"]);
export const AgentUpgradeStatusSchema = wireEnum(["Failed", "Scheduled", "Skipped", "Started", "Succeeded"]);
export const ConnectorTypeSchema = wireEnum([
  "kIBMRigelVE", "kIBMRigelVSI", "kRigelAWS", "kRigelAzure", "kRigelContainer", "kRigelHyperv", "kRigelVE",
]);
export const ConnectorUpgradeStatusSchema = wireEnum(["Failed", "InProgress", "NotStarted", "Succeeded"]);
export const ConnectorImageTypeSchema = wireEnum(["VMware", "VSI"]);
export const ArchivalUsageTypeSchema = wireEnum(["Archival", "Rpaas", "Tiering"]);
export const OwnershipContextSchema = wireEnum(["FortKnox", "Local"]);
// §E.1 snapshot environment (ObjectSnapshot.environment, 35 values).
export const SnapshotEnvironmentSchema = wireEnum([
  "kAcropolis", "kAD", "kAWS", "kAzure", "kCassandra", "kCouchbase", "kElastifile", "kExchange",
  "kFlashBlade", "kGCP", "kGenericNas", "kGPFS", "kHBase", "kHdfs", "kHive", "kHyperFlex", "kHyperV",
  "kIbmFlashSystem", "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kNetapp", "kNimble", "kO365",
  "kOracle", "kPhysical", "kPhysicalFiles", "kPure", "kSAPHANA", "kSfdc", "kSQL", "kUDA", "kView", "kVMware",
]);

// §E.12 — the IBM Go SDK v1.2.5 additions (source tree, registration info, progress, meta-info).
/** ListProtectionSources `environments` filter (Salesforce spelled `KSfdc` here). */
export const ListProtectionSourcesEnvironmentSchema = wireEnum([
  "kAcropolis", "kAD", "kAgent", "kAWS", "kAWSNative", "kAwsS3", "kAzure", "kAzureNative", "kCassandra",
  "kCouchbase", "kElastifile", "kExchange", "kFlashBlade", "kGCP", "kGCPNative", "kGenericNas", "kGPFS", "kHBase",
  "kHdfs", "kHyperFlex", "kHyperV", "kHyperVVSS", "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kNetapp", "kNimble",
  "kO365", "kO365Outlook", "kOracle", "kPhysical", "kPhysicalFiles", "kPuppeteer", "kPure", "kRDSSnapshotManager",
  "KSfdc", "kSQL", "kUDA", "kView", "kVMware",
]);
/** ListProtectionSourcesRegistrationInfo `environments` filter. */
export const RegistrationInfoEnvironmentSchema = wireEnum([
  "kAcropolis", "kAWS", "kAWSNative", "kAwsS3", "kAzure", "kCassandra", "kCouchbase", "kExchange", "kFlashBlade",
  "kGCP", "kGCPNative", "kGenericNas", "kGPFS", "kHBase", "kHdfs", "kHive", "kHyperFlex", "kHyperV", "kHyperVVSS",
  "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kNetapp", "kO365", "kO365Outlook", "kOracle", "kPhysical",
  "kPhysicalFiles", "kPuppeteer", "kPure", "kSQL", "kUDA", "kVCD", "kView", "kVMware",
]);
export const MaintenanceStatusSchema = wireEnum(["NotConfigured", "ScheduledMaintenance", "UnderMaintenance"]);
export const Office365TypeSchema = wireEnum(["kDomain", "kGroup", "kGroups", "kMailbox", "kOutlook", "kSite", "kSites", "kUser", "kUsers"]);
export const VmwareTypeSchema = wireEnum([
  "kClusterComputeResource", "kComputeResource", "kDatacenter", "kDatastore", "kDistributedVirtualPortgroup", "kFolder",
  "kHostSystem", "kNetwork", "kResourcePool", "kStandaloneHost", "kStoragePod", "kTag", "kTagCategory", "kVCenter",
  "kVirtualApp", "kVirtualMachine",
]);
export const AwsTypeSchema = wireEnum(["kAuroraCluster", "kAuroraTag", "kEC2Instance", "kRDSInstance", "kRDSTag", "kS3Bucket", "kS3Tag", "kTag"]);
export const KubernetesExcludeTypeSchema = wireEnum(["kService"]);
/** ProtectionSourceNode.environment (also AgentAccessInfo.environment, AgentRegistrationInfo.environments). */
export const ProtectionSourceNodeEnvironmentSchema = wireEnum(["kAgent", "kPhysical", "kPhysicalFiles", "kSQL"]);
/** The v1 registration environment set (ProtectionSummaryByEnv, ApplicationInfo, RegisteredSourceInfo.environments). */
export const V1RegistrationEnvironmentSchema = wireEnum(["kHyperV", "kNimble", "kPhysical", "kPuppeteer", "kPure", "kSQL", "kView", "kVMware"]);
/** v1 authentication status: k-prefixed, unlike the v2 registration's `Finished`. */
export const V1AuthenticationStatusSchema = wireEnum(["kFinished", "kPending", "kRefreshInProgress", "kScheduled"]);
export const PhysicalHostTypeSchema = wireEnum([
  "kAix", "kCockroachDB", "kDB2", "kHPUX", "kLinux", "kMariaDB", "kMySQL", "kOther", "kPostgreSQL", "kSapASE", "kSapHana",
  "kSapMaxDB", "kSapOracle", "kSapSybase", "kSapSybaseIQ", "kSolaris", "kVOS", "kWindows",
]);
export const PhysicalNodeTypeSchema = wireEnum(["kGroup", "kHost", "kOracleAPCluster", "kOracleRACCluster", "kWindowsCluster"]);
export const AgentHealthSchema = wireEnum(["kDegraded", "kHealthy", "kUnknown", "kUnreachable"]);
export const AgentUpgradabilitySchema = wireEnum([
  "kCurrent", "kNonUpgradableAgentIsNewer", "kNonUpgradableAgentIsOld", "kNonUpgradableInvalidVersion", "kUnknown", "kUpgradable",
]);
export const AgentInfoUpgradeStatusSchema = wireEnum(["kAccepted", "kFinished", "kIdle", "kScheduled", "kStarted"]);
/** Progress status of GetProtectionRunProgress (§M.11, §E.3). */
export const ProgressStatusSchema = wireEnum(["Active", "Canceled", "Finished", "FinishedGarbageCollected", "FinishedWithError"]);
/** ObjectProgressInfo.environment: a 2-value SDK enum. */
export const ProgressObjectEnvironmentSchema = wireEnum(["kPhysical", "kSQL"]);
const META_INFO_ENVIRONMENTS = [
  "kAcropolis", "kAD", "kAuroraSnapshotManager", "kAWS", "kAwsAuroraPostgres", "kAwsDynamoDB", "kAWSNative",
  "kAwsRDSPostgres", "kAwsRDSPostgresBackup", "kAwsS3", "kAWSSnapshotManager", "kAzure", "kAzureEntraID", "kAzureNative",
  "kAzureSnapshotManager", "kAzureSQL", "kCassandra", "kCouchbase", "kDB2", "kElastifile", "kExchange",
  "kExperimentalAdapter", "kFlashBlade", "kGCP", "kGenericNas", "kGPFS", "kHBase", "kHdfs", "kHive", "kHyperFlex", "kHyperV",
  "kIbmFlashSystem", "kIsilon", "kKubernetes", "kKVM", "kMongoDB", "kMongoDBPhysical", "kNetapp", "kNimble", "kO365",
  "kO365Exchange", "kO365ExchangeCSM", "kO365Group", "kO365OneDrive", "kO365OneDriveCSM", "kO365PublicFolders",
  "kO365Sharepoint", "kO365SharepointCSM", "kO365Teams", "kOracle", "kPhysical", "kPure", "kRDSSnapshotManager",
  "kRemoteAdapter", "kSAPHANA", "kSfdc", "kSQL", "kUDA", "kVCD", "kView", "kVMware",
] as const;
/** ConstructMetaInfo request `environment` (61 values). */
export const MetaInfoEnvironmentSchema = wireEnum(META_INFO_ENVIRONMENTS);
/** ConstructMetaInfoResult.environment (60 values: no kNimble, adds kPhysicalFiles). */
export const MetaInfoResultEnvironmentSchema = wireEnum([
  ...META_INFO_ENVIRONMENTS.filter((e) => e !== "kNimble"),
  "kPhysicalFiles",
] as unknown as readonly [string, ...string[]]);
