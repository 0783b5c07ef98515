// The logger the context carries. Deliberately tiny so the web app can adapt pino/console to it and
// tests can capture lines. Fields must never contain secrets: callers pass ids, never inputs.
export interface ApiLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per entry on stdout/stderr. */
export function createConsoleLog(base: Record<string, unknown> = {}): ApiLog {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ level, at: new Date().toISOString(), message, ...base, ...fields });
  return {
    info: (m, f) => console.log(line("info", m, f)),
    warn: (m, f) => console.warn(line("warn", m, f)),
    error: (m, f) => console.error(line("error", m, f)),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLog: ApiLog = { info: () => {}, warn: () => {}, error: () => {} };
