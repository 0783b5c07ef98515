import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { ResticMissingError, resticError, type ResticError } from "./errors.ts";
import { TailBuffer } from "./scrub.ts";

/** Everything needed to start one restic command; built once by `createRestic`. */
export interface ResticContext {
  binary: string;
  /** Global flags placed before the sub-command (cache dir, backend options). Never secret. */
  globalArgs: string[];
  /** The complete child environment (secrets included). */
  env: Record<string, string>;
  /** Values scrubbed from any text that leaves this package. */
  secrets: string[];
  runAs?: { uid: number; gid: number };
  cwd?: string;
}

export interface ResticProcess {
  child: ChildProcess;
  /** Scrubbed stderr tail, for error messages. */
  stderr: TailBuffer;
  /** Resolves with the exit code (null when killed by a signal) once the process closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Rejects when restic could not be started at all. */
  started: Promise<void>;
}

export function spawnRestic(
  ctx: ResticContext,
  command: string,
  args: string[],
  opts: { onStderrLine?: (line: string) => void; stdin?: "ignore" | "pipe" } = {},
): ResticProcess {
  const child = spawn(ctx.binary, [...ctx.globalArgs, command, ...args], {
    // A complete environment of strings; typed as ProcessEnv because a consumer that also loads
    // Next's global types (the BFF's tests) sees NODE_ENV as a required key of ProcessEnv.
    env: ctx.env as NodeJS.ProcessEnv,
    cwd: ctx.cwd,
    stdio: [opts.stdin ?? "ignore", "pipe", "pipe"],
    uid: ctx.runAs?.uid,
    gid: ctx.runAs?.gid,
  });
  const stderr = new TailBuffer();
  const started = new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "EACCES") reject(new ResticMissingError(command, ctx.binary));
      else reject(err);
    });
  });
  // Keep the rejection handled even when a caller only awaits `exited`.
  started.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal }));
    // A process that never started emits "error" and then "close" (code -2): resolve regardless.
  });
  const lines = readline.createInterface({ input: child.stderr!, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (opts.onStderrLine) opts.onStderrLine(line);
    else stderr.addLine(line);
  });
  return { child, stderr, exited, started };
}

export interface RunResult {
  stdout: string;
  exitCode: number;
  /** Unscrubbed stderr tail: scrub before it leaves the package. */
  stderrTail: string;
}

/**
 * Runs a short command to completion and collects stdout (only for commands whose output is small:
 * version, snapshots, forget, check). Exit codes outside `okCodes` become a `ResticError`.
 */
export async function runRestic(
  ctx: ResticContext,
  command: string,
  args: string[],
  opts: { okCodes?: number[]; signal?: AbortSignal } = {},
): Promise<RunResult> {
  const proc = spawnRestic(ctx, command, args);
  let stdout = "";
  proc.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const release = stopOnAbort(proc.child, opts.signal);
  try {
    await proc.started;
    const { code } = await proc.exited;
    if (code !== null && (opts.okCodes ?? [0]).includes(code)) return { stdout, exitCode: code, stderrTail: proc.stderr.text() };
    throw failure(ctx, command, code, proc.stderr.text(), opts.signal?.aborted ?? false);
  } finally {
    release();
  }
}

/** How long a cancelled restic gets to stop on SIGINT before it is killed. */
export const DEFAULT_CANCEL_GRACE_MS = 5000;

/**
 * Stops `child` when `signal` aborts: SIGINT first (restic 0.14 removes its lock only then), then
 * SIGKILL after `graceMs` for a restic that does not stop — one stuck on a hung target, or anything
 * that ignores SIGINT — so a cancel always ends the process (a lock it leaves is removed by the
 * next `unlock`). Returns the cleanup to call once the process exited.
 */
export function stopOnAbort(child: ChildProcess, signal: AbortSignal | undefined, graceMs = DEFAULT_CANCEL_GRACE_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    interrupt(child);
    timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }, graceMs);
    timer.unref();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  };
}

export function failure(
  ctx: ResticContext,
  command: string,
  code: number | null,
  stderrTail: string,
  cancelled: boolean,
): ResticError {
  const err = resticError(command, code, stderrTail, ctx.secrets);
  if (cancelled && err.code === "failed") {
    return resticError(command, 130, `${stderrTail}\ncancelled by caller`, ctx.secrets);
  }
  return err;
}

/** SIGINT lets restic remove its lock and write what it has; SIGCONT in case it was paused. */
export function interrupt(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGINT");
  child.kill("SIGCONT");
}
