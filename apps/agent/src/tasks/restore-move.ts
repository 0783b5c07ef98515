// Moves a restored tree from the staging folder into place. restic 0.14's `restore` always
// overwrites, so the agent restores into a staging folder on the target's filesystem and moves
// entries from there itself:
// - overwrite off: `link(2)` + unlink, which fails with EEXIST instead of replacing a file that
//   exists (atomic: a file created meanwhile is never clobbered either);
// - overwrite on: `rename(2)`, which replaces a file atomically;
// - across filesystems (EXDEV) it falls back to copying (`COPYFILE_EXCL` without overwrite).
// Existing directories are merged into, never replaced, and their attributes are left alone.
// Every file-system step is bounded (bounded-fs.ts): a hung target fails the move after the step
// deadline, a cancel abandons it at once.
import { constants } from "node:fs";
import type { Stats } from "node:fs";
import path from "node:path";
import { createBoundedFs, DEFAULT_FS_STEP_TIMEOUT_MS, type BoundedFs } from "./bounded-fs.ts";

export interface MoveOptions {
  overwrite: boolean;
  /** Keep restic's restored owner, mode and times; otherwise files get this process's defaults. */
  preserveAttributes: boolean;
  signal?: AbortSignal;
  onEntry?: (stats: MoveStats) => void;
  /** The task's bounded steps; default: the default deadline and `signal`. */
  fs?: BoundedFs;
}

export interface MoveStats {
  filesRestored: number;
  bytesRestored: number;
  /** Existing files kept because overwrite is off (or a folder stood where a file was). */
  skipped: string[];
  skippedCount: number;
}

const MAX_SKIPPED_LISTED = 1000;

export async function moveTree(src: string, dst: string, opts: MoveOptions, stats: MoveStats): Promise<void> {
  const fs = opts.fs ?? createBoundedFs({ stepTimeoutMs: DEFAULT_FS_STEP_TIMEOUT_MS, signal: opts.signal });
  return move(src, dst, { ...opts, fs }, stats);
}

type Bound = MoveOptions & { fs: BoundedFs };

async function move(src: string, dst: string, opts: Bound, stats: MoveStats): Promise<void> {
  const { fs } = opts;
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("cancelled");
  const st = await fs.lstat(src);
  if (st.isDirectory()) return moveDirectory(src, dst, st, opts, stats);
  if (!opts.preserveAttributes) await resetAttributes(fs, src, st);
  const placed = opts.overwrite ? await replace(fs, src, dst, st) : await placeIfAbsent(fs, src, dst, st);
  if (placed) {
    stats.filesRestored++;
    stats.bytesRestored += st.isFile() ? st.size : 0;
    if (opts.preserveAttributes && placed === "copied") await copyAttributes(fs, dst, st);
  } else skip(stats, dst);
  opts.onEntry?.(stats);
}

async function moveDirectory(src: string, dst: string, st: Stats, opts: Bound, stats: MoveStats) {
  const { fs } = opts;
  let created = false;
  const existing = await fs.lstat(dst).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (existing && !existing.isDirectory()) {
    // A file (or symlink) stands where the snapshot has a folder; only overwrite may replace it.
    if (!opts.overwrite) return skip(stats, dst);
    await removeFile(fs, dst);
  }
  if (!existing || !existing.isDirectory()) {
    await fs.mkdirp(dst);
    created = true;
  }
  for (const name of await fs.readdir(src)) await move(path.join(src, name), path.join(dst, name), opts, stats);
  // Attributes after the children: adding entries changes a folder's mtime.
  if (created && opts.preserveAttributes) await copyAttributes(fs, dst, st);
}

function skip(stats: MoveStats, dst: string) {
  stats.skippedCount++;
  if (stats.skipped.length < MAX_SKIPPED_LISTED) stats.skipped.push(dst);
}

/** `rm -f` of one non-folder entry. */
const removeFile = (fs: BoundedFs, p: string) =>
  fs.unlink(p).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });

async function placeIfAbsent(fs: BoundedFs, src: string, dst: string, st: Stats): Promise<"moved" | "copied" | null> {
  try {
    await fs.link(src, dst);
    await fs.unlink(src);
    return "moved";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return null;
    if (code !== "EXDEV" && code !== "EPERM") throw error; // EPERM: filesystems without hard links
  }
  try {
    if (st.isSymbolicLink()) await fs.symlink(await fs.readlink(src), dst);
    else await fs.copyFile(src, dst, constants.COPYFILE_EXCL);
    return "copied";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return null;
    throw error;
  }
}

async function replace(fs: BoundedFs, src: string, dst: string, st: Stats): Promise<"moved" | "copied" | null> {
  try {
    await fs.rename(src, dst);
    return "moved";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder stands where the snapshot has a file: keep the folder (replacing it would delete
    // everything in it); the file is reported as skipped.
    if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST") return null;
    if (code !== "EXDEV") throw error;
  }
  await removeFile(fs, dst);
  if (st.isSymbolicLink()) await fs.symlink(await fs.readlink(src), dst);
  else await fs.copyFile(src, dst);
  return "copied";
}

async function copyAttributes(fs: BoundedFs, file: string, st: Stats) {
  if (!st.isSymbolicLink()) await fs.chmod(file, st.mode & 0o7777);
  await fs.lchown(file, st.uid, st.gid).catch(() => undefined); // only root may give files away
  if (!st.isSymbolicLink()) await fs.utimes(file, st.atime, st.mtime);
}

/** preserveAttributes off: owned by the agent's user, mode from its umask, times of the restore. */
async function resetAttributes(fs: BoundedFs, file: string, st: Stats) {
  if (st.isSymbolicLink()) {
    await fs.lchown(file, process.getuid?.() ?? st.uid, process.getgid?.() ?? st.gid).catch(() => undefined);
    return;
  }
  const umask = process.umask();
  const mode = (st.mode & 0o111 ? 0o777 : 0o666) & ~umask;
  await fs.lchown(file, process.getuid?.() ?? st.uid, process.getgid?.() ?? st.gid).catch(() => undefined);
  await fs.chmod(file, mode);
  const now = new Date();
  await fs.utimes(file, now, now);
}

/** Bytes and files below `dir` (for progress totals). */
export async function measureTree(dir: string, fs: BoundedFs): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (p: string) => {
    const st = await fs.lstat(p).catch(() => null);
    if (!st) return;
    if (st.isDirectory()) for (const name of await fs.readdir(p)) await walk(path.join(p, name));
    else {
      files++;
      bytes += st.isFile() ? st.size : 0;
    }
  };
  await walk(dir);
  return { files, bytes };
}
