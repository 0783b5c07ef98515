// Figures of runs and recoveries as an operator reads them: sizes in binary units, durations and
// ETAs in the two largest units, statuses as a badge tone. Pure, so they are unit-tested.
import type { BadgeTone } from "@lifeboat/ui";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** 1536 → "1.5 KiB"; null/undefined → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/** 3_725_000 ms → "1 h 2 min"; 42_000 → "42 s"; under a second → "< 1 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return "< 1 s";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/** "about 3 min left"; nothing to say when the upstream gives no estimate. */
export function formatEta(etaMs: number | null | undefined): string | null {
  if (etaMs === null || etaMs === undefined || !Number.isFinite(etaMs) || etaMs < 0) return null;
  if (etaMs < 5000) return "finishing";
  return `about ${formatDuration(etaMs)} left`;
}

/** 0.4567 → "46%"; clamps to 0..100 and never rounds an unfinished run up to 100%. */
export function formatPercent(fraction: number | null | undefined): string | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  const clamped = Math.min(1, Math.max(0, fraction));
  const pct = Math.round(clamped * 100);
  return `${clamped < 1 && pct === 100 ? 99 : pct}%`;
}

/** Wire statuses come as `Running` or `kRunning` (reference §E.3, §Q 12). */
export const plainStatus = (status: string | null | undefined): string => (status ? status.replace(/^k(?=[A-Z])/, "") : "Unknown");

const TONES: Record<string, BadgeTone> = {
  Succeeded: "success",
  // Per-object snapshot status (kSuccessful).
  Successful: "success",
  SucceededWithWarning: "warning",
  Failed: "danger",
  Canceled: "neutral",
  Canceling: "warning",
  Missed: "danger",
  Skipped: "neutral",
  Running: "info",
  Accepted: "info",
  Paused: "warning",
  OnHold: "warning",
  Finalizing: "info",
  LegalHold: "neutral",
};

export function statusTone(status: string | null | undefined): BadgeTone {
  return TONES[plainStatus(status)] ?? "neutral";
}

/** "SucceededWithWarning" → "Succeeded with warning". */
export function statusLabel(status: string | null | undefined): string {
  const plain = plainStatus(status);
  return plain.replace(/(?<=[a-z])(?=[A-Z])/g, " ").replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`);
}

const ACTIVE = new Set(["Running", "Accepted", "Paused", "OnHold", "Finalizing", "Canceling"]);
export const isActiveStatus = (status: string | null | undefined): boolean => ACTIVE.has(plainStatus(status));

/** Run types as operators say them (§Q 13: kRegular is the incremental run). */
export function runTypeLabel(runType: string | null | undefined): string {
  switch (runType) {
    case "kRegular":
    case "kIncremental":
      return "Incremental";
    case "kFull":
      return "Full";
    case "kLog":
      return "Log";
    case "kSystem":
      return "System";
    default:
      return runType ? runType.replace(/^k/, "") : "—";
  }
}

/** µs since the epoch → Date (upstream times are µs, §0.4). */
export const usecsToDateOrNull = (us: number | null | undefined): Date | null => (typeof us === "number" && us > 0 ? new Date(Math.floor(us / 1000)) : null);

/**
 * One run object's own progress as a Lifeboat engine reports it (extension field `progress:
 * { percentDone, bytesDone, etaSecs? }` beside the reference's object fields): fraction and ETA,
 * or null when the upstream sends none.
 */
export function objectProgressOf(object: unknown): { fraction: number; etaMs: number | null } | null {
  const p = typeof object === "object" && object !== null ? (object as { progress?: unknown }).progress : undefined;
  if (typeof p !== "object" || p === null) return null;
  const { percentDone, etaSecs } = p as { percentDone?: unknown; etaSecs?: unknown };
  if (typeof percentDone !== "number" || !Number.isFinite(percentDone) || percentDone < 0) return null;
  const eta = typeof etaSecs === "number" && Number.isFinite(etaSecs) && etaSecs >= 0 ? etaSecs * 1000 : null;
  return { fraction: Math.min(percentDone, 100) / 100, etaMs: eta };
}
