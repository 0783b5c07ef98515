import { z } from "zod";

// The JSON that restic 0.14 prints with --json. Field names are restic's; the exported types are
// the camelCase shapes this package hands out. Optional fields are optional because restic omits
// zero values (`omitempty`), e.g. `files_done` is missing until the first file completes.

export const BackupStatusLineSchema = z.object({
  message_type: z.literal("status"),
  seconds_elapsed: z.number().optional(),
  seconds_remaining: z.number().optional(),
  percent_done: z.number(),
  total_files: z.number().optional(),
  files_done: z.number().optional(),
  total_bytes: z.number().optional(),
  bytes_done: z.number().optional(),
  error_count: z.number().optional(),
  current_files: z.array(z.string()).optional(),
});

export const BackupSummaryLineSchema = z.object({
  message_type: z.literal("summary"),
  files_new: z.number(),
  files_changed: z.number(),
  files_unmodified: z.number(),
  dirs_new: z.number(),
  dirs_changed: z.number(),
  dirs_unmodified: z.number(),
  data_blobs: z.number(),
  tree_blobs: z.number(),
  data_added: z.number(),
  total_files_processed: z.number(),
  total_bytes_processed: z.number(),
  total_duration: z.number(),
  snapshot_id: z.string(),
});

// restic 0.14 marshals the Go error value itself: *os.PathError becomes {"Op","Path","Err":<errno>}.
export const BackupErrorLineSchema = z.object({
  message_type: z.literal("error"),
  error: z.unknown(),
  during: z.string(),
  item: z.string(),
});

export const SnapshotLineSchema = z.object({
  id: z.string(),
  short_id: z.string(),
  time: z.string(),
  tree: z.string(),
  paths: z.array(z.string()),
  hostname: z.string(),
  username: z.string().optional(),
  tags: z.array(z.string()).nullish(),
  parent: z.string().optional(),
});

export const NodeLineSchema = z.object({
  struct_type: z.literal("node"),
  name: z.string(),
  type: z.string(),
  path: z.string(),
  size: z.number().optional(),
  mode: z.number().optional(),
  uid: z.number().optional(),
  gid: z.number().optional(),
  mtime: z.string().optional(),
});

export interface BackupProgress {
  /** 0..1 */
  percentDone: number;
  totalFiles: number;
  filesDone: number;
  totalBytes: number;
  bytesDone: number;
  secondsElapsed: number;
  /** restic's estimate; undefined while it has none (scan still running). */
  secondsRemaining: number | undefined;
  /** Wall-clock estimate of completion, from `secondsRemaining`. */
  eta: Date | undefined;
  errorCount: number;
  currentFiles: string[];
}

export interface BackupWarning {
  /** The file or directory restic could not read. */
  item: string;
  /** `scan` or `archival`, as restic reports it. */
  during: string;
  message: string;
}

export interface BackupSummary {
  snapshotId: string;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dirsNew: number;
  dirsChanged: number;
  dirsUnmodified: number;
  /** Bytes added to the repository after deduplication (and compression). */
  bytesAdded: number;
  totalFilesProcessed: number;
  totalBytesProcessed: number;
  durationSeconds: number;
  /** Files restic could not read; the snapshot exists but lacks them (restic exit code 3). */
  warnings: BackupWarning[];
  partial: boolean;
}

export interface Snapshot {
  id: string;
  shortId: string;
  time: Date;
  tree: string;
  paths: string[];
  hostname: string;
  username: string | undefined;
  tags: string[];
  parent: string | undefined;
}

export interface SnapshotNode {
  name: string;
  type: "file" | "dir" | "symlink" | "dev" | "chardev" | "fifo" | "socket" | (string & {});
  path: string;
  /** Present for files. */
  size: number | undefined;
  mode: number | undefined;
  mtime: Date | undefined;
}

export function toProgress(line: z.infer<typeof BackupStatusLineSchema>): BackupProgress {
  return {
    percentDone: line.percent_done,
    totalFiles: line.total_files ?? 0,
    filesDone: line.files_done ?? 0,
    totalBytes: line.total_bytes ?? 0,
    bytesDone: line.bytes_done ?? 0,
    secondsElapsed: line.seconds_elapsed ?? 0,
    secondsRemaining: line.seconds_remaining,
    eta: line.seconds_remaining === undefined ? undefined : new Date(Date.now() + line.seconds_remaining * 1000),
    errorCount: line.error_count ?? 0,
    currentFiles: line.current_files ?? [],
  };
}

export function toSummary(
  line: z.infer<typeof BackupSummaryLineSchema>,
  warnings: BackupWarning[],
  partial: boolean,
): BackupSummary {
  return {
    snapshotId: line.snapshot_id,
    filesNew: line.files_new,
    filesChanged: line.files_changed,
    filesUnmodified: line.files_unmodified,
    dirsNew: line.dirs_new,
    dirsChanged: line.dirs_changed,
    dirsUnmodified: line.dirs_unmodified,
    bytesAdded: line.data_added,
    totalFilesProcessed: line.total_files_processed,
    totalBytesProcessed: line.total_bytes_processed,
    durationSeconds: line.total_duration,
    warnings,
    partial,
  };
}

export function toWarning(line: z.infer<typeof BackupErrorLineSchema>): BackupWarning {
  return { item: line.item, during: line.during, message: describeGoError(line.error) };
}

const ERRNO: Record<number, string> = { 1: "operation not permitted", 2: "no such file or directory", 5: "input/output error", 13: "permission denied" };

function describeGoError(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object") {
    const e = error as { Op?: unknown; Err?: unknown; message?: unknown };
    if (typeof e.message === "string") return e.message;
    const reason = typeof e.Err === "number" ? (ERRNO[e.Err] ?? `errno ${e.Err}`) : "error";
    return typeof e.Op === "string" ? `${e.Op}: ${reason}` : reason;
  }
  return "unreadable";
}

export function toSnapshot(line: z.infer<typeof SnapshotLineSchema>): Snapshot {
  return {
    id: line.id,
    shortId: line.short_id,
    time: new Date(line.time),
    tree: line.tree,
    paths: line.paths,
    hostname: line.hostname,
    username: line.username,
    tags: line.tags ?? [],
    parent: line.parent,
  };
}

export function toNode(line: z.infer<typeof NodeLineSchema>): SnapshotNode {
  return {
    name: line.name,
    type: line.type,
    path: line.path,
    size: line.size,
    mode: line.mode,
    mtime: line.mtime ? new Date(line.mtime) : undefined,
  };
}
