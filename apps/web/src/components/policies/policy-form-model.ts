// The policy editor's form values and their mapping to and from the upstream ProtectionPolicy
// (reference §M.2). The form is flat and human-sized; everything the editor does not offer
// (copy targets, log/BMR schedules, …) is carried over from the policy being edited untouched,
// because UpdateProtectionPolicy is a full replacement (§Q 20).
import type { ProtectionPolicy, ProtectionPolicyRequest } from "@lifeboat/contracts";
import { DAYS_OF_WEEK, policyIssues, RETENTION_UNITS, type IssuePath, type RetentionUnit, type ScheduleUnit } from "@lifeboat/policy";
import { z } from "zod";

export { DAYS_OF_WEEK as DAYS, RETENTION_UNITS };
// What the editor offers (the policy model allows more, e.g. yearly schedules; those policies keep
// their other fields but open here with the nearest schedule).
export const INCREMENTAL_UNITS = ["Minutes", "Hours", "Days", "Weeks", "Months"] as const satisfies readonly ScheduleUnit[];
export const FULL_UNITS = ["None", "ProtectOnce", "Days", "Weeks", "Months"] as const;
export const EXTENDED_UNITS = ["Days", "Weeks", "Months", "Years"] as const;

export type Day = (typeof DAYS_OF_WEEK)[number];

// The form checks only what it needs to build a request (whole numbers, HH:MM times, bounded
// lists); every range and cross-field rule is the policy model's (@lifeboat/policy policyIssues),
// run on the request the form would send and reported on the form's own fields.
const whole = (what: string) => z.number({ error: `${what}: enter a whole number` }).int(`${what}: enter a whole number`);
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 22:00");
const days = z.array(z.enum(DAYS_OF_WEEK));
const scheduleLeafFields = { frequency: whole("Every"), days, dayOfMonth: whole("Day of month") };

const formShape = z.object({
  name: z.string().trim().min(1, "Name the policy, e.g. daily-14d").max(200, "At most 200 characters"),
  description: z.string().max(1000, "At most 1000 characters"),
  incremental: z.object({ unit: z.enum(INCREMENTAL_UNITS), ...scheduleLeafFields }),
  full: z.object({ unit: z.enum(FULL_UNITS), ...scheduleLeafFields }),
  retention: z.object({ unit: z.enum(RETENTION_UNITS), duration: whole("Keep") }),
  dataLock: z.object({ enabled: z.boolean(), mode: z.enum(["Administrative", "Compliance"]), unit: z.enum(RETENTION_UNITS), duration: whole("Lock") }),
  // A window's times are in its own zone (UTC when unset); the editor keeps a zone it did not set.
  blackouts: z.array(z.object({ day: z.enum(DAYS_OF_WEEK), start: time, end: time, timeZone: z.string().optional() })).max(50),
  extended: z
    .array(z.object({ unit: z.enum(EXTENDED_UNITS), frequency: whole("Every"), retentionUnit: z.enum(RETENTION_UNITS), retentionDuration: whole("Keep") }))
    .max(10),
  retries: whole("Retries"),
  retryIntervalMins: whole("Minutes between retries"),
});

export type PolicyFormValues = z.infer<typeof formShape>;
/** The leaf values of a schedule, whatever its unit. */
export type ScheduleValues = Omit<PolicyFormValues["incremental"], "unit">;
/** A form field a policy problem is shown beside ("root": the form as a whole). */
export type PolicyFormField =
  | "root"
  | "name"
  | "description"
  | `${"incremental" | "full"}.${"unit" | "frequency" | "days" | "dayOfMonth"}`
  | `retention.${"unit" | "duration"}`
  | "dataLock.duration"
  | `blackouts.${number}.${"start" | "end"}`
  | `extended.${number}.${"unit" | "frequency" | "retentionDuration"}`
  | "retries"
  | "retryIntervalMins";

const SCHEDULE_FIELD: [RegExp, "frequency" | "days" | "dayOfMonth"][] = [
  [/^\w+Schedule\.frequency/, "frequency"],
  [/^weekSchedule/, "days"],
  [/^monthSchedule/, "dayOfMonth"],
];

/**
 * The editor field for a path in a policy request ("backupPolicy.regular.retention.dataLockConfig",
 * "blackoutWindow[0].endTime", or the same as an array), or null for parts the editor does not show.
 */
export function policyFormField(path: string | Readonly<IssuePath>): PolicyFormField | null {
  const p = typeof path === "string" ? path.replace(/\[(\d+)\]/g, ".$1") : path.join(".");
  let m: RegExpExecArray | null;
  if (p === "name" || p === "description") return p;
  if ((m = /^backupPolicy\.regular\.(incremental|full|fullBackups\.0)\.schedule(?:\.(.*))?$/.exec(p))) {
    const which = m[1] === "incremental" ? "incremental" : "full";
    return `${which}.${SCHEDULE_FIELD.find(([re]) => re.test(m![2] ?? ""))?.[1] ?? "unit"}`;
  }
  if (p.startsWith("backupPolicy.regular.retention.dataLockConfig")) return "dataLock.duration";
  if (p.startsWith("backupPolicy.regular.retention")) return p.endsWith(".unit") ? "retention.unit" : "retention.duration";
  if (p === "backupPolicy.regular") return "incremental.unit";
  if ((m = /^blackoutWindow\.(\d+)(?:\.(startTime))?/.exec(p))) return `blackouts.${Number(m[1])}.${m[2] ? "start" : "end"}`;
  if ((m = /^extendedRetention\.(\d+)\.(schedule\.unit|schedule|retention)/.exec(p))) {
    return `extended.${Number(m[1])}.${m[2] === "schedule.unit" ? "unit" : m[2] === "schedule" ? "frequency" : "retentionDuration"}`;
  }
  if (p === "retryOptions.retries") return "retries";
  if (p === "retryOptions.retryIntervalMins") return "retryIntervalMins";
  return null;
}

const fieldPath = (field: PolicyFormField) => field.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));

export const policyFormSchema = formShape.superRefine((v, ctx) => {
  for (const issue of policyIssues(toPolicyRequest(v))) {
    const field = policyFormField(issue.path);
    // A part the editor does not show (carried over from the policy being edited) is reported for the whole form.
    ctx.addIssue({ code: "custom", path: fieldPath(field ?? "root"), message: field ? issue.message : `${issue.path.join(".")}: ${issue.message}` });
  }
});

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
      ? {
          blackoutWindow: v.blackouts.map((b) => ({
            day: b.day,
            startTime: { ...toTime(b.start), ...(b.timeZone ? { timeZone: b.timeZone } : {}) },
            endTime: toTime(b.end),
          })),
        }
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
    blackouts: (p.blackoutWindow ?? []).map((b) => {
      const timeZone = b.startTime.timeZone ?? b.endTime.timeZone;
      return { day: b.day as Day, start: fromTime(b.startTime), end: fromTime(b.endTime), ...(timeZone ? { timeZone } : {}) };
    }),
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
