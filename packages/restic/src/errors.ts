import { scrubSecrets } from "./scrub.ts";

/**
 * Why a restic command failed, in the words the agent reports upstream:
 * - `missing`: no restic binary on this host (a status, not a crash);
 * - `locked`: another process holds an exclusive lock (or a killed one left it: see `unlock()`);
 * - `wrong-password`: no key in the repository opens with the given password;
 * - `no-repository`: nothing initialised at the location;
 * - `cancelled`: we interrupted it (`cancel()`, an aborted signal);
 * - `failed`: anything else — the scrubbed stderr tail says what.
 */
export type ResticErrorCode = "missing" | "locked" | "wrong-password" | "no-repository" | "cancelled" | "failed";

export class ResticError extends Error {
  override readonly name: string = "ResticError";

  constructor(
    readonly code: ResticErrorCode,
    /** The restic sub-command, e.g. `backup`. */
    readonly command: string,
    /** The process exit code; null when it never ran or died from a signal. */
    readonly exitCode: number | null,
    /** The last lines restic wrote to stderr, secrets already scrubbed. */
    readonly stderrTail: string,
    message?: string,
  ) {
    super(message ?? defaultMessage(code, command, exitCode, stderrTail));
  }
}

/** The restic binary cannot be started on this host. */
export class ResticMissingError extends ResticError {
  override readonly name = "ResticMissingError";

  constructor(command: string, binary: string) {
    super("missing", command, null, "", `restic is not installed on this host (could not run "${binary}")`);
  }
}

function defaultMessage(code: ResticErrorCode, command: string, exitCode: number | null, tail: string): string {
  const lastLine = tail.split("\n").filter((l) => l.trim() !== "").pop() ?? "";
  const what: Record<ResticErrorCode, string> = {
    missing: "restic is not installed on this host",
    locked: "the repository is locked by another restic process",
    "wrong-password": "wrong repository password (no key could be opened)",
    "no-repository": "no restic repository at the configured location",
    cancelled: "cancelled",
    failed: `exited with code ${exitCode ?? "null"}`,
  };
  const detail = code === "failed" && lastLine ? `: ${lastLine}` : "";
  return `restic ${command}: ${what[code]}${detail}`;
}

/**
 * Classifies a finished command from its exit code and stderr. restic 0.14 exits 1 for every
 * fatal error (the dedicated codes 10–12 came in later releases), so the text decides.
 */
export function classifyFailure(exitCode: number | null, stderr: string): ResticErrorCode {
  if (/repository is already locked/i.test(stderr)) return "locked";
  if (/wrong password or no key found/i.test(stderr)) return "wrong-password";
  if (/Is there a repository at the following location\?|unable to open config file/i.test(stderr)) {
    return "no-repository";
  }
  // 130 = interrupted by SIGINT; restic itself reports "signal interrupt received".
  if (exitCode === 130 || /signal (interrupt|terminated) received/i.test(stderr)) return "cancelled";
  return "failed";
}

export function resticError(command: string, exitCode: number | null, stderrTail: string, secrets: readonly string[]) {
  const tail = scrubSecrets(stderrTail, secrets);
  return new ResticError(classifyFailure(exitCode, tail), command, exitCode, tail);
}
