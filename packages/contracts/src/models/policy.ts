// Protection policy (reference §M.2): the backup schedule, retention, DataLock, blackout windows,
// extended retention, retry options and copy targets. Written once as strict request models; the
// response is their tolerant twin plus the read-only fields.
import { z } from "zod";
import {
  ArchivalTargetTypeSchema, BmrScheduleUnitSchema, CdpRetentionUnitSchema, CloudPlatformSchema,
  CopyRunTypeSchema, DataLockModeSchema, DayOfWeekSchema, DayOfYearSchema, FullScheduleUnitSchema,
  IncrementalScheduleUnitSchema, LogScheduleUnitSchema, PrimaryBackupTargetTypeSchema,
  ReplicationTargetTypeSchema, RunTypeSchema, TargetScheduleUnitSchema, WeekOfMonthSchema,
} from "../enums.ts";
import { int64, num, selects, tolerant } from "../wire.ts";
import { DataLockConfigSchema, DayOfWeekListSchema, RetentionSchema, TimeOfDaySchema } from "./common.ts";

const frequency = z.strictObject({ frequency: int64().min(1) });
export const MinuteScheduleSchema = frequency;
export const HourScheduleSchema = frequency;
export const DayScheduleSchema = frequency;
export const WeekScheduleSchema = z.strictObject({ dayOfWeek: DayOfWeekListSchema });
export const MonthScheduleSchema = z.strictObject({
  dayOfWeek: z.array(DayOfWeekSchema).optional(),
  weekOfMonth: WeekOfMonthSchema.optional(),
  dayOfMonth: int64().optional(),
});
export const YearScheduleSchema = z.strictObject({ dayOfYear: DayOfYearSchema });

// The *Schedule objects carry a `unit` that selects which leaf schedule is read.
const calendarLeaves = {
  daySchedule: DayScheduleSchema.optional(),
  weekSchedule: WeekScheduleSchema.optional(),
  monthSchedule: MonthScheduleSchema.optional(),
  yearSchedule: YearScheduleSchema.optional(),
};
/** The leaf block each schedule unit selects (§M.2); ProtectOnce has none. */
export const SCHEDULE_LEAF = {
  Minutes: "minuteSchedule",
  Hours: "hourSchedule",
  Days: "daySchedule",
  Weeks: "weekSchedule",
  Months: "monthSchedule",
  Years: "yearSchedule",
} as const;
export const IncrementalScheduleSchema = z
  .strictObject({
    unit: IncrementalScheduleUnitSchema,
    minuteSchedule: MinuteScheduleSchema.optional(),
    hourSchedule: HourScheduleSchema.optional(),
    ...calendarLeaves,
  })
  .superRefine(selects("unit", SCHEDULE_LEAF));
// `ProtectOnce` is a single run and has no leaf schedule.
export const FullScheduleSchema = z
  .strictObject({ unit: FullScheduleUnitSchema, ...calendarLeaves })
  .superRefine(selects("unit", SCHEDULE_LEAF));
export const LogScheduleSchema = z
  .strictObject({
    unit: LogScheduleUnitSchema,
    minuteSchedule: MinuteScheduleSchema.optional(),
    hourSchedule: HourScheduleSchema.optional(),
  })
  .superRefine(selects("unit", SCHEDULE_LEAF));
export const BmrScheduleSchema = z
  .strictObject({ unit: BmrScheduleUnitSchema, ...calendarLeaves })
  .superRefine(selects("unit", SCHEDULE_LEAF));
export const StorageArraySnapshotScheduleSchema = IncrementalScheduleSchema;

export const PrimaryBackupTargetSchema = z.strictObject({
  targetType: PrimaryBackupTargetTypeSchema.optional(),
  archivalTargetSettings: z
    .strictObject({
      targetId: int64(),
      targetName: z.string().optional(),
      tierSettings: z.strictObject({ cloudPlatform: CloudPlatformSchema }).catchall(z.unknown()).optional(),
    })
    .optional(),
  useDefaultBackupTarget: z.boolean().optional(),
});

export const RegularBackupPolicySchema = z.strictObject({
  incremental: z.strictObject({ schedule: IncrementalScheduleSchema }).optional(),
  full: z.strictObject({ schedule: FullScheduleSchema.optional() }).optional(),
  // Either `full` or `fullBackups` (§M.2).
  fullBackups: z.array(z.strictObject({ schedule: FullScheduleSchema, retention: RetentionSchema })).optional(),
  retention: RetentionSchema.optional(),
  primaryBackupTarget: PrimaryBackupTargetSchema.optional(),
});

export const CancellationTimeoutParamsSchema = z.strictObject({
  timeoutMins: int64().optional(),
  backupType: RunTypeSchema.optional(),
});

export const BackupPolicySchema = z.strictObject({
  regular: RegularBackupPolicySchema,
  log: z.strictObject({ schedule: LogScheduleSchema, retention: RetentionSchema }).optional(),
  bmr: z.strictObject({ schedule: BmrScheduleSchema, retention: RetentionSchema }).optional(),
  cdp: z
    .strictObject({
      retention: z.strictObject({
        unit: CdpRetentionUnitSchema,
        duration: int64().min(1),
        dataLockConfig: DataLockConfigSchema.optional(),
      }),
    })
    .optional(),
  storageArraySnapshot: z
    .strictObject({ schedule: StorageArraySnapshotScheduleSchema, retention: RetentionSchema })
    .optional(),
  runTimeouts: z.array(CancellationTimeoutParamsSchema).optional(),
});
export type BackupPolicy = z.infer<typeof BackupPolicySchema>;

export const BlackoutWindowSchema = z.strictObject({
  day: DayOfWeekSchema,
  startTime: TimeOfDaySchema,
  endTime: TimeOfDaySchema,
  configId: z.string().optional(),
});

export const ExtendedRetentionPolicySchema = z.strictObject({
  schedule: z.strictObject({ unit: TargetScheduleUnitSchema, frequency: int64().min(1).optional() }),
  retention: RetentionSchema,
  runType: CopyRunTypeSchema.optional(),
  configId: z.string().optional(),
});

export const RetryOptionsSchema = z.strictObject({
  retries: int64().min(0).optional(),
  retryIntervalMins: int64().min(0).optional(),
});

const TargetScheduleSchema = z.strictObject({ unit: TargetScheduleUnitSchema, frequency: int64().min(1).optional() });
const LogRetentionSchema = RetentionSchema;
// Fields every copy target shares (§M.2 "common copy fields").
const copyTargetCommon = {
  schedule: TargetScheduleSchema,
  retention: RetentionSchema,
  copyOnRunSuccess: z.boolean().optional(),
  configId: z.string().optional(),
  backupRunType: CopyRunTypeSchema.optional(),
  runTimeouts: z.array(CancellationTimeoutParamsSchema).optional(),
  logRetention: LogRetentionSchema.optional(),
};
// Cloud provider target configs are outside our scope; kept open but typed at the required ids.
const AwsTargetConfigSchema = z
  .strictObject({ region: int64(), sourceId: int64(), name: z.string().optional(), regionName: z.string().optional() })
  .catchall(z.unknown());
const AzureTargetConfigSchema = z.strictObject({ sourceId: int64() }).catchall(z.unknown());

export const ReplicationTargetConfigurationSchema = z.strictObject({
  ...copyTargetCommon,
  targetType: ReplicationTargetTypeSchema,
  awsTargetConfig: AwsTargetConfigSchema.optional(),
  azureTargetConfig: AzureTargetConfigSchema.optional(),
  remoteTargetConfig: z.strictObject({ clusterId: int64(), clusterName: z.string().optional() }).optional(),
});

export const ArchivalTargetConfigurationSchema = z.strictObject({
  ...copyTargetCommon,
  targetId: int64(),
  targetName: z.string().optional(),
  targetType: ArchivalTargetTypeSchema.optional(),
  tierSettings: z.strictObject({ cloudPlatform: CloudPlatformSchema }).catchall(z.unknown()).optional(),
  extendedRetention: z.array(ExtendedRetentionPolicySchema).optional(),
});

export const CloudSpinTargetConfigurationSchema = z.strictObject({
  ...copyTargetCommon,
  target: z.strictObject({
    awsParams: z.record(z.string(), z.unknown()).optional(),
    azureParams: z.record(z.string(), z.unknown()).optional(),
    id: int64().optional(),
    name: z.string().optional(),
  }),
});

export const OnpremDeployTargetConfigurationSchema = z.strictObject({
  ...copyTargetCommon,
  params: z.strictObject({ id: int64().optional() }).optional(),
});

export const RpaasTargetConfigurationSchema = z.strictObject({
  ...copyTargetCommon,
  targetId: int64(),
  targetName: z.string().optional(),
  targetType: ArchivalTargetTypeSchema.optional(),
});

export const TargetsConfigurationSchema = z.strictObject({
  replicationTargets: z.array(ReplicationTargetConfigurationSchema).optional(),
  archivalTargets: z.array(ArchivalTargetConfigurationSchema).optional(),
  cloudSpinTargets: z.array(CloudSpinTargetConfigurationSchema).optional(),
  onpremDeployTargets: z.array(OnpremDeployTargetConfigurationSchema).optional(),
  rpaasTargets: z.array(RpaasTargetConfigurationSchema).optional(),
});

export const CascadedTargetConfigurationSchema = z.strictObject({
  sourceClusterId: int64(),
  remoteTargets: TargetsConfigurationSchema,
});

/** Body of CreateProtectionPolicy / UpdateProtectionPolicy (§4). */
export const ProtectionPolicyRequestSchema = z.strictObject({
  name: z.string().min(1),
  backupPolicy: BackupPolicySchema,
  description: z.string().optional(),
  blackoutWindow: z.array(BlackoutWindowSchema).optional(),
  extendedRetention: z.array(ExtendedRetentionPolicySchema).optional(),
  remoteTargetPolicy: TargetsConfigurationSchema.optional(),
  cascadedTargetsConfig: z.array(CascadedTargetConfigurationSchema).optional(),
  retryOptions: RetryOptionsSchema.optional(),
  /** Deprecated upstream: use backupPolicy.regular.retention.dataLockConfig. */
  dataLock: DataLockModeSchema.optional(),
  version: int64().optional(),
  isCBSEnabled: z.boolean().optional(),
  lastModificationTimeUsecs: int64().optional(),
  templateId: z.string().optional(),
});
export type ProtectionPolicyRequest = z.infer<typeof ProtectionPolicyRequestSchema>;

/** ProtectionPolicyResponse (§M.2) = request fields + read-only fields. */
export const ProtectionPolicySchema = tolerant(ProtectionPolicyRequestSchema).extend({
  id: z.string().optional(),
  isUsable: z.boolean().optional(),
  isReplicated: z.boolean().optional(),
  numProtectionGroups: num().optional(),
  numProtectedObjects: num().optional(),
});
export type ProtectionPolicy = z.infer<typeof ProtectionPolicySchema>;

export const ProtectionPoliciesResponseSchema = z.looseObject({
  policies: z.array(ProtectionPolicySchema).optional(),
});
