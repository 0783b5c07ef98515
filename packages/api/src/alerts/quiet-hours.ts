// Quiet hours of a rule: "HH:MM"–"HH:MM" on the wall clock of an IANA time zone (the end may be
// on the next day, 22:00–07:00). A notification due inside them waits until they end.
import { z } from "zod";

export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24 h)");
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone; use an IANA name such as Europe/Berlin or UTC");

export const QuietHoursSchema = z
  .object({ start: ClockTimeSchema, end: ClockTimeSchema, timeZone: TimeZoneSchema })
  .refine((q) => q.start !== q.end, "Quiet hours need different start and end times");
export type QuietHours = z.infer<typeof QuietHoursSchema>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function wallClockMinutes(now: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get("hour") * 60 + get("minute"), seconds: get("second") };
}

/**
 * When a notification due at `now` may go out: `now` outside quiet hours, else their end. (On a
 * day the clock changes inside the window the end can be off by the change, at most an hour.)
 */
export function quietHoursEnd(quiet: QuietHours | null, now: Date): Date {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const { minutes, seconds } = wallClockMinutes(now, quiet.timeZone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return now;
  const left = (end - minutes + 1440) % 1440;
  return new Date(now.getTime() + left * 60_000 - seconds * 1000 - now.getMilliseconds());
}
