"use client";
import { useSyncExternalStore } from "react";
import { formatDateTime, formatExact } from "@/lib/format-time.ts";

const subscribe = () => () => {};

/**
 * A timestamp in the viewer's zone with the exact time on hover. The server does not know the
 * browser's zone, so it renders UTC and the client re-renders in local time after hydration.
 */
export function LocalTime({ value }: { value: Date | string | null | undefined }) {
  const isClient = useSyncExternalStore(subscribe, () => true, () => false);
  if (!value) return <span className="text-muted-foreground">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  const zone = isClient ? undefined : "UTC";
  return (
    <time dateTime={date.toISOString()} title={formatExact(date, zone)} className="whitespace-nowrap">
      {formatDateTime(date, zone)}
    </time>
  );
}
