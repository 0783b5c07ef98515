// Upstream timestamps are epoch microseconds (`…Usecs`) except where §Q 16 says ms or s.
// JS Dates hold milliseconds, so usecs → Date drops the sub-millisecond part.

function checkFinite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  return value;
}

function checkDate(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("expected a valid Date, got an Invalid Date");
  return ms;
}

/** Epoch microseconds (e.g. `startTimeUsecs`) → Date (millisecond precision). */
export function usecsToDate(usecs: number): Date {
  return new Date(Math.floor(checkFinite(usecs, "usecs") / 1000));
}

/** Date → epoch microseconds, as the upstream API expects in `…Usecs` fields. */
export function dateToUsecs(date: Date): number {
  return checkDate(date) * 1000;
}

/** Epoch milliseconds (`registrationTimeMsecs`, `lastRefreshedTimeMsecs`, `startTimestampMSecs`) → Date. */
export function msecsToDate(msecs: number): Date {
  return new Date(checkFinite(msecs, "msecs"));
}

export function dateToMsecs(date: Date): number {
  return checkDate(date);
}

/** Epoch seconds (`lastConnectedTimestampSecs`) → Date. */
export function secsToDate(secs: number): Date {
  return new Date(checkFinite(secs, "secs") * 1000);
}

export function dateToSecs(date: Date): number {
  return Math.floor(checkDate(date) / 1000);
}

/** Current time in epoch microseconds. */
export function nowUsecs(): number {
  return Date.now() * 1000;
}
