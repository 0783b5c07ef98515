// The parts of a policy and a group this package reads, derived from the contracts. Response types
// are the tolerant twins of the request models (enums read as strings), so one type takes a request
// body, a spec the engine stored, and a policy the portal received alike.
import type { ProtectionPolicy, TimeOfDay } from "@lifeboat/contracts";

export type PolicyLike = Pick<ProtectionPolicy, "backupPolicy"> &
  Partial<Pick<ProtectionPolicy, "blackoutWindow" | "extendedRetention" | "retryOptions">>;
export type RegularPolicy = NonNullable<ProtectionPolicy["backupPolicy"]>["regular"];
/** An incremental or full schedule: `unit` selects its leaf block (§M.2). */
export type Schedule =
  | NonNullable<NonNullable<RegularPolicy["incremental"]>["schedule"]>
  | NonNullable<NonNullable<RegularPolicy["full"]>["schedule"]>;
export type BlackoutWindow = NonNullable<ProtectionPolicy["blackoutWindow"]>[number];
export type ExtendedRule = Pick<NonNullable<ProtectionPolicy["extendedRetention"]>[number], "schedule" | "retention" | "runType">;
export type RetentionLike = { unit: string; duration: number; dataLockConfig?: { mode: string; unit: string; duration: number } | undefined };

/**
 * When a group's calendar schedules fire: `startTime` (hour, minute) as a wall-clock time in
 * `startTime.timeZone` (UTC when absent); midnight UTC without a startTime.
 */
export type StartTime = Pick<TimeOfDay, "hour" | "minute" | "timeZone">;

/** What a schedule needs of a protection group. */
export interface GroupClock {
  /** When the group was created: fixed-interval schedules count from it, and no slot is at or before it. */
  anchor: Date;
  startTime?: StartTime | undefined;
}
