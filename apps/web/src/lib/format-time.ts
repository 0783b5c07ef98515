// Times shown in the viewer's own time zone (the browser's), with the exact instant on hover.

/** "27 Nov 2026, 14:05:09" in the given zone (default: the browser's). */
export function formatDateTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

/** The exact instant for a tooltip: local time with zone name, plus ISO-8601 UTC. */
export function formatExact(date: Date, timeZone?: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
  return `${local} (${date.toISOString()})`;
}
