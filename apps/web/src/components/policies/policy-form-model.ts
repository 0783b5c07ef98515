// The policy editor's form values and their mapping to and from the upstream ProtectionPolicy
// (reference §M.2). The form is flat and human-sized; everything the editor does not offer
// (copy targets, log/BMR schedules, …) is carried over from the policy being edited untouched,
// because UpdateProtectionPolicy is a full replacement (§Q 20).
import type { ProtectionPolicy, ProtectionPolicyRequest } from "@lifeboat/contracts";
import { z } from "zod";

export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const INCREMENTAL_UNITS = ["Minutes", "Hours", "Days", "Weeks", "Months"] as const;
export const FULL_UNITS = ["None", "ProtectOnce", "Days", "Weeks", "Months"] as const;
export const RETENTION_UNITS = ["Days", "Weeks", "Months", "Years"] as const;
export const EXTENDED_UNITS = ["Days", "Weeks", "Months", "Years"] as const;

export type Day = (typeof DAYS)[number];
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

/** Approximate length of a retention unit in days; the same table the engine checks DataLock with. */
export const UNIT_DAYS: Record<RetentionUnit, number> = { Days: 1, Weeks: 7, Months: 30, Years: 365 };
/** Largest "every N" the engine accepts per unit (apps/engine policy-validation). */
export const MAX_FREQUENCY: Record<string, number> = { Minutes: 1440, Hours: 720, Days: 365, Weeks: 52, Months: 12 };

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what}: enter a whole number` })
    .int(`${what}: enter a whole number`)
    .min(min, `${what}: at least ${min}`)
    .max(max, `${what}: at most ${max}`);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 22:00");
const days = z.array(z.enum(DAYS));

const scheduleLeafFields = {
  frequency: whole("Every", 1, 1440),
  days,
  dayOfMonth: whole("Day of month", 1, 31),
};

export const policyFormSchema = z
  .object({
    name: z.string().trim().min(1, "Name the policy, e.g. daily-14d").max(200, "At most 200 characters"),
    description: z.string().max(1000, "At most 1000 characters"),
    incremental: z.object({ unit: z.enum(INCREMENTAL_UNITS), ...scheduleLeafFields }),
    full: z.object({ unit: z.enum(FULL_UNITS), ...scheduleLeafFields }),
    retention: z.object({ unit: z.enum(RETENTION_UNITS), duration: whole("Keep", 1, 10_000) }),
    dataLock: z.object({
      enabled: z.boolean(),
      mode: z.enum(["Administrative", "Compliance"]),
      unit: z.enum(RETENTION_UNITS),
      duration: whole("Lock", 1, 10_000),
    }),
    blackouts: z.array(z.object({ day: z.enum(DAYS), start: time, end: time })).max(50),
    extended: z
      .array(
        z.object({
          unit: z.enum(EXTENDED_UNITS),
          frequency: whole("Every", 1, 1000),
          retentionUnit: z.enum(RETENTION_UNITS),
          retentionDuration: whole("Keep", 1, 10_000),
        }),
      )
      .max(10),
    retries: whole("Retries", 0, 10),
    retryIntervalMins: whole("Minutes between retries", 1, 1440),
  })
  .superRefine((v, ctx) => {
    const checkSchedule = (key: "incremental" | "full", unit: string, s: { frequency: number; days: Day[] }) => {
      const max = MAX_FREQUENCY[unit];
      if ((unit === "Minutes" || unit === "Hours" || unit === "Days") && max !== undefined && s.frequency > max) {
        ctx.addIssue({ code: "custom", path: [key, "frequency"], message: `Every: at most ${max} ${unit.toLowerCase()}` });
      }
      if (unit === "Weeks" && s.days.length === 0) ctx.addIssue({ code: "custom", path: [key, "days"], message: "Pick at least one day" });
    };
    checkSchedule("incremental", v.incremental.unit, v.incremental);
    checkSchedule("full", v.full.unit, v.full);
    // A lock longer than the retention would keep a snapshot that retention says is gone: the
    // upstream refuses it (§M.2 DataLockConfig), so say so beside the field before saving.
    if (v.dataLock.enabled) {
      const lockDays = v.dataLock.duration * UNIT_DAYS[v.dataLock.unit];
      const keepDays = v.retention.duration * UNIT_DAYS[v.retention.unit];
      if (lockDays > keepDays) {
        ctx.addIssue({
          code: "custom",
          path: ["dataLock", "duration"],
          message: `The lock (${plural(v.dataLock.duration, v.dataLock.unit)}) must not outlast the retention (${plural(v.retention.duration, v.retention.unit)}): a locked snapshot cannot be deleted when its retention ends.`,
        });
      }
    }
    v.blackouts.forEach((b, i) => {
      if (b.start === b.end) ctx.addIssue({ code: "custom", path: ["blackouts", i, "end"], message: "End must differ from start" });
    });
  });

export type PolicyFormValues = z.infer<typeof policyFormSchema>;
/** The leaf values of a schedule, whatever its unit. */
export type ScheduleValues = Omit<PolicyFormValues["incremental"], "unit">;

export function plural(n: number, unit: string): string {
  const singular = unit.toLowerCase().replace(/s$/, "");
  return `${n} ${singular}${n === 1 ? "" : "s"}`;
}

export const EMPTY_POLICY_FORM: PolicyFormValues = {
  name: "",
  description: "",
  incremental: { unit: "Days", frequency: 1, days: ["Sunday"], dayOfMonth: 1 },
  full: { unit: "None", frequency: 1, days: ["Sunday"], dayOfMonth: 1 },
  retention: { unit: "Days", duration: 14 },
  dataLock: { enabled: false, mode: "Compliance", unit: "Days", duration: 7 },
  blackouts: [],
  extended: [],
  retries: 3,
  retryIntervalMins: 30,
};

type Schedule = NonNullable<NonNullable<ProtectionPolicyRequest["backupPolicy"]["regular"]["incremental"]>["schedule"]>;
type FullSchedule = NonNullable<NonNullable<ProtectionPolicyRequest["backupPolicy"]["regular"]["full"]>["schedule"]>;

function scheduleOf(unit: string, s: ScheduleValues): Schedule {
  switch (unit) {
    case "Minutes":
      return { unit, minuteSchedule: { frequency: s.frequency } };
    case "Hours":
      return { unit, hourSchedule: { frequency: s.frequency } };
    case "Weeks":
      return { unit, weekSchedule: { dayOfWeek: [...s.days] } };
    case "Months":
      return { unit, monthSchedule: { dayOfMonth: s.dayOfMonth } };
    default:
      return { unit: "Days", daySchedule: { frequency: s.frequency } };
  }
}

const toTime = (hhmm: string) => {
  const [h = "0", m = "0"] = hhmm.split(":");
  return { hour: Number(h), minute: Number(m) };
};
const fromTime = (t: { hour: number; minute: number } | undefined) =>
  t ? `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}` : "00:00";

/** The request body for Create/UpdateProtectionPolicy; fields the form does not edit come from `base`. */
export function toPolicyRequest(v: PolicyFormValues, base?: ProtectionPolicy | null): ProtectionPolicyRequest {
  const { id: _id, isUsable: _u, isReplicated: _r, numProtectionGroups: _g, numProtectedObjects: _o, ...kept } = base ?? ({} as ProtectionPolicy);
  const regularBase = base?.backupPolicy?.regular ?? {};
  const { fullBackups: _fb, full: _f, ...regularKept } = regularBase;
  const full: FullSchedule | null =
    v.full.unit === "None" ? null : v.full.unit === "ProtectOnce" ? { unit: "ProtectOnce" } : (scheduleOf(v.full.unit, v.full) as FullSchedule);
  const retention = {
    unit: v.retention.unit,
    duration: v.retention.duration,
    ...(v.dataLock.enabled ? { dataLockConfig: { mode: v.dataLock.mode, unit: v.dataLock.unit, duration: v.dataLock.duration } } : {}),
  };
  const description = v.description.trim();
  const { description: _d, blackoutWindow: _b, extendedRetention: _e, retryOptions: _ro, dataLock: _dl, ...rest } = kept as ProtectionPolicyRequest;
  return {
    ...rest,
    name: v.name.trim(),
    ...(description ? { description } : {}),
    backupPolicy: {
      ...(base?.backupPolicy ?? {}),
      regular: {
        ...regularKept,
        incremental: { schedule: scheduleOf(v.incremental.unit, v.incremental) },
        ...(full ? { full: { schedule: full } } : {}),
        retention,
      },
    },
    ...(v.blackouts.length > 0
      ? { blackoutWindow: v.blackouts.map((b) => ({ day: b.day, startTime: toTime(b.start), endTime: toTime(b.end) })) }
      : {}),
    ...(v.extended.length > 0
      ? {
          extendedRetention: v.extended.map((e) => ({
            schedule: { unit: e.unit, frequency: e.frequency },
            retention: { unit: e.retentionUnit, duration: e.retentionDuration },
          })),
        }
      : {}),
    retryOptions: { retries: v.retries, retryIntervalMins: v.retryIntervalMins },
  } as ProtectionPolicyRequest;
}

function scheduleValues(s: { unit?: string; [k: string]: unknown } | undefined, fallback: ScheduleValues) {
  const leaf = (key: string) => (s?.[key] ?? {}) as { frequency?: number; dayOfWeek?: Day[]; dayOfMonth?: number };
  const any = { ...leaf("minuteSchedule"), ...leaf("hourSchedule"), ...leaf("daySchedule"), ...leaf("weekSchedule"), ...leaf("monthSchedule") };
  return {
    frequency: any.frequency ?? fallback.frequency,
    days: any.dayOfWeek?.length ? [...any.dayOfWeek] : fallback.days,
    dayOfMonth: any.dayOfMonth ?? fallback.dayOfMonth,
  };
}

/** Form values of an existing policy (what the editor starts from). */
export function fromPolicy(p: ProtectionPolicy): PolicyFormValues {
  const regular = p.backupPolicy?.regular;
  const inc = regular?.incremental?.schedule as { unit?: string } | undefined;
  const full = (regular?.full?.schedule ?? regular?.fullBackups?.[0]?.schedule) as { unit?: string } | undefined;
  const lock = regular?.retention?.dataLockConfig;
  const E = EMPTY_POLICY_FORM;
  const incUnit = (INCREMENTAL_UNITS as readonly string[]).includes(inc?.unit ?? "") ? (inc!.unit as PolicyFormValues["incremental"]["unit"]) : "Days";
  const fullUnit = (FULL_UNITS as readonly string[]).includes(full?.unit ?? "") ? (full!.unit as PolicyFormValues["full"]["unit"]) : "None";
  return {
    name: p.name ?? "",
    description: p.description ?? "",
    incremental: { unit: incUnit, ...scheduleValues(inc, E.incremental) },
    full: { unit: fullUnit, ...scheduleValues(full, E.full) },
    retention: { unit: (regular?.retention?.unit ?? "Days") as RetentionUnit, duration: regular?.retention?.duration ?? 14 },
    dataLock: lock
      ? { enabled: true, mode: lock.mode as "Administrative" | "Compliance", unit: lock.unit as RetentionUnit, duration: lock.duration }
      : E.dataLock,
    blackouts: (p.blackoutWindow ?? []).map((b) => ({ day: b.day as Day, start: fromTime(b.startTime), end: fromTime(b.endTime) })),
    extended: (p.extendedRetention ?? [])
      .filter((e) => (EXTENDED_UNITS as readonly string[]).includes(e.schedule.unit))
      .map((e) => ({
        unit: e.schedule.unit as (typeof EXTENDED_UNITS)[number],
        frequency: e.schedule.frequency ?? 1,
        retentionUnit: e.retention.unit as RetentionUnit,
        retentionDuration: e.retention.duration,
      })),
    retries: p.retryOptions?.retries ?? 0,
    retryIntervalMins: p.retryOptions?.retryIntervalMins ?? 30,
  };
}
