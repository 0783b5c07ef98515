import readline from "node:readline";
import { ResticError } from "./errors.ts";
import {
  BackupErrorLineSchema,
  BackupStatusLineSchema,
  BackupSummaryLineSchema,
  toProgress,
  toSummary,
  toWarning,
  type BackupProgress,
  type BackupSummary,
  type BackupWarning,
} from "./messages.ts";
import { failure, interrupt, spawnRestic, type ResticContext } from "./process.ts";
import { scrubSecrets } from "./scrub.ts";

export interface BackupOptions {
  tags?: string[];
  excludes?: string[];
  /** Host name recorded in the snapshot (and used to pick the parent). */
  host?: string;
  /** Snapshot to compare against instead of the latest one of the same paths and host. */
  parent?: string;
  /** Read every file again instead of trusting size+mtime of the parent (a "full" run). */
  force?: boolean;
  signal?: AbortSignal;
  /**
   * Time between SIGINT and SIGTERM (and SIGTERM and SIGKILL) when cancelling. Default 10 s.
   * Only SIGINT lets restic 0.14 remove its lock; after an escalation `unlock()` is needed.
   */
  cancelGraceMs?: number;
}

export interface BackupHandle {
  readonly pid: number | undefined;
  readonly paused: boolean;
  /** SIGSTOP: restic stops reading and uploading; nothing moves until `resume()`. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /**
   * SIGINT (restic stops, removes its lock; packs already written stay and are reused or pruned
   * later), escalating to SIGTERM and SIGKILL after the grace period. Resolves once it exited;
   * `done` then rejects with a ResticError of code `cancelled`.
   */
  cancel(): Promise<void>;
  done: Promise<BackupSummary>;
}

export function startBackup(
  ctx: ResticContext,
  paths: string[],
  opts: BackupOptions,
  onProgress?: (progress: BackupProgress) => void,
): BackupHandle {
  const args = ["--json"];
  for (const tag of opts.tags ?? []) args.push(`--tag=${tag}`);
  for (const exclude of opts.excludes ?? []) args.push(`--exclude=${exclude}`);
  if (opts.host) args.push(`--host=${opts.host}`);
  if (opts.parent) args.push(`--parent=${opts.parent}`);
  if (opts.force) args.push("--force");
  args.push("--", ...paths);

  const warnings: BackupWarning[] = [];
  // In JSON mode restic writes per-file errors as JSON lines on stderr; everything else there is text.
  const proc = spawnRestic(ctx, "backup", args, {
    onStderrLine: (line) => {
      const parsed = parseJson(line, BackupErrorLineSchema);
      if (parsed) {
        const warning = toWarning(parsed);
        warnings.push({
          ...warning,
          item: scrubSecrets(warning.item, ctx.secrets),
          message: scrubSecrets(warning.message, ctx.secrets),
        });
      } else proc.stderr.addLine(line);
    },
  });

  let summaryLine: ReturnType<typeof BackupSummaryLineSchema.parse> | undefined;
  const stdout = readline.createInterface({ input: proc.child.stdout!, crlfDelay: Infinity });
  stdout.on("line", (line) => {
    const status = parseJson(line, BackupStatusLineSchema);
    if (status) {
      if (onProgress) onProgress(toProgress(status));
      return;
    }
    const summary = parseJson(line, BackupSummaryLineSchema);
    if (summary) summaryLine = summary;
    else if (line.trim() !== "") proc.stderr.addLine(line);
  });

  let paused = false;
  let cancelling = false;
  const grace = opts.cancelGraceMs ?? 10_000;

  const cancel = async () => {
    cancelling = true;
    const { child } = proc;
    if (child.exitCode === null && child.signalCode === null) {
      interrupt(child);
      paused = false;
      const timers = [
        setTimeout(() => child.kill("SIGTERM"), grace),
        setTimeout(() => child.kill("SIGKILL"), grace * 2),
      ];
      try {
        await proc.exited;
      } finally {
        timers.forEach(clearTimeout);
      }
    }
  };

  const onAbort = () => void cancel();
  if (opts.signal?.aborted) void Promise.resolve().then(cancel);
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  const done = (async (): Promise<BackupSummary> => {
    try {
      await proc.started;
      const { code } = await proc.exited;
      // Exit 3: "some source files could not be read" — the snapshot exists, with warnings.
      // A summary means the snapshot was saved, even if a cancel raced with the last write.
      if ((code === 0 || code === 3) && summaryLine) {
        return toSummary(summaryLine, warnings, code === 3);
      }
      if (cancelling) {
        throw new ResticError("cancelled", "backup", code, scrubSecrets(proc.stderr.text(), ctx.secrets));
      }
      throw failure(ctx, "backup", code, proc.stderr.text(), false);
    } finally {
      opts.signal?.removeEventListener("abort", onAbort);
      stdout.close();
    }
  })();

  return {
    get pid() {
      return proc.child.pid;
    },
    get paused() {
      return paused;
    },
    pause() {
      if (proc.child.exitCode !== null || cancelling) return;
      proc.child.kill("SIGSTOP");
      paused = true;
    },
    resume() {
      if (proc.child.exitCode !== null) return;
      proc.child.kill("SIGCONT");
      paused = false;
    },
    cancel,
    done,
  };
}

/** Parses one line against a schema; null for non-JSON lines or other message types. */
export function parseJson<T>(line: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  if (!line.startsWith("{")) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}
