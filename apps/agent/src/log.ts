// One line per event on stdout/stderr: `<iso time> <level> <message>`. The engine's integration
// tests and `journalctl` read these lines, so messages are plain sentences, not JSON.
//
// Secrets (registration token, agent token) are registered with `redact()` as soon as they are
// known, and every message is scrubbed before it is written: a token that slips into an error
// message (e.g. an echoed request body) still never reaches the log.

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Remember a secret; it is replaced by `[redacted]` in every later line. */
  redact(secret: string | undefined | null): void;
}

export type LogSink = (level: LogLevel, line: string) => void;

const defaultSink: LogSink = (level, line) => {
  if (level === "info") process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

export function createLogger(sink: LogSink = defaultSink): Logger {
  const secrets = new Set<string>();
  const write = (level: LogLevel, message: string) => {
    let text = message;
    for (const secret of secrets) text = text.split(secret).join("[redacted]");
    sink(level, `${new Date().toISOString()} ${level} ${text}`);
  };
  return {
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m) => write("error", m),
    redact: (secret) => {
      // Very short strings would shred ordinary words; real tokens are long.
      if (secret && secret.length >= 6) secrets.add(secret);
    },
  };
}

/** A readable reason from anything thrown (fetch's `cause` carries the network error code). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message && !error.message.includes(cause.message)) {
      return `${error.message}: ${cause.message}`;
    }
    return error.message;
  }
  return String(error);
}
