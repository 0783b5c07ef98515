// The filter and sort state of the list pages lives in the page URL (`/runs?status=Failed&window=24h`),
// read and written through nuqs: one parser map per list says which keys exist, what values they
// take (unknown values fall back to the default, over-long text is refused) and their defaults
// (a default is left out of the URL). The same maps build the links into the lists (dashboard
// tiles, related pages), so a link and the page cannot disagree on a key or a value.
import { createParser, createSerializer, parseAsStringLiteral, type inferParserType } from "nuqs";

/** Free text up to `max` characters; longer text in a URL is ignored (the default applies). */
export const parseAsText = (max: number) =>
  createParser({ parse: (v: string) => (v.length <= max ? v : null), serialize: (v: string) => v }).withDefault("");

const choice = <const T extends string>(values: readonly T[], fallback: NoInfer<T>) => parseAsStringLiteral(values).withDefault(fallback);
/** A sort key: written with its direction even when both are the defaults, once the user chose them. */
const sortKey = <const T extends string>(values: readonly T[], fallback: NoInfer<T>) => choice(values, fallback).withOptions({ clearOnDefault: false });
const direction = (fallback: "asc" | "desc") => sortKey(["asc", "desc"] as const, fallback);

/** Time windows of "Started" filters and their span (null: any time). */
export const TIME_WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: null } as const;
export type TimeWindow = keyof typeof TIME_WINDOWS;
const WINDOWS = Object.keys(TIME_WINDOWS) as TimeWindow[];
export const TIME_WINDOW_OPTIONS = WINDOWS.map((w) => [w, w === "all" ? "Any time" : `In the last ${w.replace("h", " hours").replace("d", " days")}`] as const);
/** The start (ms) of a window ending now, or null for any time. */
export const windowStart = (w: TimeWindow, now: number): number | null => (TIME_WINDOWS[w] === null ? null : now - TIME_WINDOWS[w]);

export const RUN_STATUSES = ["Running", "Accepted", "Paused", "Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed", "Skipped"] as const;
/** The history's sort columns (`protectionGroup.run.history`). */
export const RUN_SORTS = ["startedAt", "endedAt", "duration", "bytesWritten", "status", "groupName"] as const;
export const runListParams = {
  groupId: parseAsText(200),
  status: choice(["", ...RUN_STATUSES], ""),
  window: choice(WINDOWS, "7d"),
  runType: choice(["", "kFull", "kIncremental"], ""),
  sort: sortKey(RUN_SORTS, "startedAt"),
  direction: direction("desc"),
};
export const runListKeys = { groupId: "group", runType: "type", direction: "dir" };
export type RunListState = inferParserType<typeof runListParams>;

export const RECOVERY_STATUSES = ["Running", "Accepted", "Succeeded", "SucceededWithWarning", "Failed", "Canceled"] as const;
export const recoveryListParams = { status: choice(["", ...RECOVERY_STATUSES], ""), window: choice(WINDOWS, "30d") };
export type RecoveryListState = inferParserType<typeof recoveryListParams>;

export const ALERT_STATUSES = ["open", "resolved", "all"] as const;
export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
/** `condition` is free text here: the page keeps it only when the BFF's catalogue knows it. */
export const alertListParams = {
  status: choice(ALERT_STATUSES, "open"),
  severity: choice(["", ...ALERT_SEVERITIES], ""),
  condition: parseAsText(64),
  subject: parseAsText(200),
};
export type AlertListState = inferParserType<typeof alertListParams>;

export const objectListParams = {
  search: parseAsText(500),
  environment: choice(["", "kPhysical", "kSQL"], ""),
  protection: choice(["", "protected", "unprotected"], ""),
};
export const objectListKeys = { search: "q" };
export type ObjectListState = inferParserType<typeof objectListParams>;

export const AUDIT_SORTS = ["at", "actor", "procedure"] as const;
export const auditListParams = {
  procedure: parseAsText(254),
  userId: parseAsText(254),
  /** Part of the actor (email or API token name). */
  actor: parseAsText(254),
  outcome: choice(["", "ok", "error"], ""),
  /** `<input type="datetime-local">` values, in the viewer's own time zone. */
  from: parseAsText(254),
  to: parseAsText(254),
  sort: sortKey(AUDIT_SORTS, "at"),
  direction: direction("desc"),
};
export const auditListKeys = { direction: "dir" };
export type AuditListState = inferParserType<typeof auditListParams>;

/** A connection id: digits only. */
const parseAsDigits = createParser({ parse: (v: string) => (/^\d{1,20}$/.test(v) ? v : null), serialize: (v: string) => v }).withDefault("");
export const connectorListParams = { connectionId: parseAsDigits, status: choice(["", "connected", "disconnected"], "") };
export type ConnectorListState = inferParserType<typeof connectorListParams>;

/** The URL keys in the order a list URL spells them, so a URL reads the same however it was built. */
const KEY_ORDER = ["group", "q", "procedure", "userId", "actor", "connectionId", "status", "severity", "condition", "subject", "environment", "protection", "outcome", "window", "type", "from", "to", "sort", "dir"];
const rank = (key: string) => {
  const i = KEY_ORDER.indexOf(key);
  return i === -1 ? KEY_ORDER.length : i;
};
/** Puts known keys in KEY_ORDER (others after them, as they were); nuqs calls it on every URL it writes. */
export function orderSearchParams(search: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...search.entries()].sort(([a], [b]) => rank(a) - rank(b)));
}

/** Links into the lists, with only the given filters set (the defaults stay out of the URL). */
export const listHref = {
  runs: createSerializer(runListParams, { urlKeys: runListKeys, processUrlSearchParams: orderSearchParams }),
  recoveries: createSerializer(recoveryListParams, { processUrlSearchParams: orderSearchParams }),
  objects: createSerializer(objectListParams, { urlKeys: objectListKeys, processUrlSearchParams: orderSearchParams }),
  audit: createSerializer(auditListParams, { urlKeys: auditListKeys, processUrlSearchParams: orderSearchParams }),
  connectors: createSerializer(connectorListParams, { processUrlSearchParams: orderSearchParams }),
  alerts: createSerializer(alertListParams, { processUrlSearchParams: orderSearchParams }),
};

/** True when any filter differs from its default (sort keys aside). */
export function isFiltered<S extends Record<string, unknown>>(parsers: { [K in keyof S]: { defaultValue: S[K] } }, state: S, ignore: readonly (keyof S)[] = []): boolean {
  return (Object.keys(parsers) as (keyof S)[]).some((k) => !ignore.includes(k) && state[k] !== parsers[k].defaultValue);
}

/** The defaults of every key but the kept ones (a "Clear filters" update). */
export function clearedFilters<S extends Record<string, unknown>>(parsers: { [K in keyof S]: { defaultValue: S[K] } }, keep: readonly (keyof S)[] = []): Partial<{ [K in keyof S]: null }> {
  return Object.fromEntries(Object.keys(parsers).filter((k) => !keep.includes(k)).map((k) => [k, null])) as Partial<{ [K in keyof S]: null }>;
}
