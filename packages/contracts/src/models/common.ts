// Small models used across areas (reference §M). Request-side models are strict; `tolerant()` derives
// their response twins where the same model comes back.
import { z } from "zod";
import { DataLockModeSchema, DayOfWeekSchema, RetentionUnitSchema } from "../enums.ts";
import { describeInput, int64, num, str, wireObject } from "../wire.ts";

export const KeyValuePairSchema = z.strictObject({ key: z.string(), value: z.string() });

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** TimeOfDay (§M.2): hour/minute with an IANA zone (default America/Los_Angeles upstream). */
export const TimeOfDaySchema = z.strictObject({
  hour: int64().min(0).max(23),
  minute: int64().min(0).max(59),
  timeZone: z
    .string()
    .refine(isIanaZone, { error: (iss) => `expected an IANA time zone such as Europe/Berlin, got ${describeInput(iss.input)}` })
    .optional(),
});
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;

/** DataLockConfig (§M.2): WORM lock applied to the snapshots a retention keeps. */
export const DataLockConfigSchema = z.strictObject({
  mode: DataLockModeSchema,
  unit: RetentionUnitSchema,
  duration: int64().min(1),
  enableWormOnExternalTarget: z.boolean().optional(),
});

export const RetentionSchema = z.strictObject({
  unit: RetentionUnitSchema,
  duration: int64().min(1),
  dataLockConfig: DataLockConfigSchema.optional(),
});
export type Retention = z.infer<typeof RetentionSchema>;

/** Error (§0.6): Cohesity-side error model, also embedded in agent-upgrade results. */
export const ErrorModelSchema = wireObject({
  errorCode: str().optional(),
  message: str().optional(),
  taskLogId: str().optional(),
});

/** DataLockConstraints: `{mode, expiryTimeUsecs}` on runs and snapshots. */
export const DataLockConstraintsSchema = wireObject({
  mode: str().optional(),
  expiryTimeUsecs: num().optional(),
});

/** Tenant with access to a group/run/recovery; only the id and name matter to us. */
export const TenantSchema = wireObject({ id: str().optional(), name: str().optional() });

export const BackupDataStatsSchema = wireObject({
  logicalSizeBytes: num().optional(),
  bytesWritten: num().optional(),
  bytesRead: num().optional(),
});

/** ObjectSummary / Object (§M.1, §M.4): generic object summary; childObjects nest recursively. */
export const ObjectSummarySchema = wireObject({
  id: num().optional(),
  name: str().optional(),
  sourceId: num().optional(),
  sourceName: str().optional(),
  environment: str().optional(),
  objectHash: str().optional(),
  objectType: str().optional(),
  logicalSizeBytes: num().optional(),
  uuid: str().optional(),
  globalId: str().optional(),
  protectionType: str().optional(),
  osType: str().optional(),
  get childObjects(): z.ZodOptional<z.ZodArray<typeof ObjectSummarySchema>> {
    return z.array(ObjectSummarySchema).optional();
  },
  protectionStats: z.array(wireObject({})).optional(),
  permissions: wireObject({}).optional(),
  mssqlParams: wireObject({}).optional(),
  physicalParams: wireObject({}).optional(),
});
export type ObjectSummary = z.infer<typeof ObjectSummarySchema>;

export const DayOfWeekListSchema = z.array(DayOfWeekSchema).min(1);
