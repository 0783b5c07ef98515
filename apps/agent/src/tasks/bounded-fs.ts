// File-system steps of a data task with a deadline and a cancel. A step on a hung target (a dead
// NFS server, a FUSE daemon that stopped answering, a FIFO nobody reads) blocks a libuv thread in
// the kernel and its promise never settles; Node cannot interrupt it. So each step races its
// deadline and the task's abort signal: the task gets a clear error ("mkdir /mnt/x did not finish
// within 60 s …") or its cancel at once and frees its slot, and the blocked thread is abandoned
// (it is released by the kernel whenever the target answers). The libuv pool has 4 threads by
// default, so a host with several hung targets may also set UV_THREADPOOL_SIZE.
//
// `mkdirp` never uses `fs.mkdir(…, { recursive: true })`: under /proc, Node 20's recursive mkdir
// spins at 100 % CPU forever (mkdir answers ENOENT for a path whose parent exists, and the
// recursive walk retries it), which is how a restore into /proc/… used to hang an agent for good.
// It creates one component at a time, so it ends after at most one mkdir per path segment.
import type { Stats, StatsFs } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

/** Why a step ended without its own answer. */
export type FsStepFailure = "timeout" | "aborted";

export class FsStepError extends Error {
  override name = "FsStepError";
  constructor(
    readonly step: string,
    readonly target: string,
    readonly failure: FsStepFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface FsBounds {
  /** Deadline of one step (one syscall-sized operation) in ms. */
  stepTimeoutMs: number;
  /** The task's signal: a cancelled task abandons the step it is in. */
  signal?: AbortSignal;
}

/** Default step deadline: generous for a slow disk, short enough that a hung mount is noticed. */
export const DEFAULT_FS_STEP_TIMEOUT_MS = 60_000;

/**
 * Runs one step; rejects with an FsStepError when it outlasts `stepTimeoutMs` or the signal
 * aborts first. The step's own result or error wins when it comes in time; a result that comes
 * after the step was abandoned goes to `disposeLate` (an opened file is closed, not leaked).
 */
export function bounded<T>(step: string, target: string, run: () => Promise<T>, bounds: FsBounds, disposeLate?: (value: T) => void): Promise<T> {
  const { signal, stepTimeoutMs } = bounds;
  if (signal?.aborted) return Promise.reject(abortedError(step, target));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => finish(() => reject(abortedError(step, target)));
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new FsStepError(step, target, "timeout", `${step} ${target} did not finish within ${seconds(stepTimeoutMs)}; the file system there is not answering (a hung mount?)`)),
        ),
      stepTimeoutMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    run().then(
      (value) => {
        if (settled) disposeLate?.(value);
        else finish(() => resolve(value));
      },
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

const abortedError = (step: string, target: string) => new FsStepError(step, target, "aborted", `${step} ${target} was abandoned: the task was cancelled`);
const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** The fs calls a task makes, each one bounded. */
export interface BoundedFs {
  bounds: FsBounds;
  lstat(p: string): Promise<Stats>;
  stat(p: string): Promise<Stats>;
  statfs(p: string): Promise<StatsFs>;
  realpath(p: string): Promise<string>;
  readdir(p: string): Promise<string[]>;
  mkdir(p: string, mode?: number): Promise<void>;
  /** `mkdir -p`, one component at a time (see the header). Returns nothing; an existing folder is fine. */
  mkdirp(p: string): Promise<void>;
  link(src: string, dst: string): Promise<void>;
  unlink(p: string): Promise<void>;
  rename(src: string, dst: string): Promise<void>;
  copyFile(src: string, dst: string, mode?: number): Promise<void>;
  symlink(target: string, p: string): Promise<void>;
  readlink(p: string): Promise<string>;
  chmod(p: string, mode: number): Promise<void>;
  lchown(p: string, uid: number, gid: number): Promise<void>;
  utimes(p: string, atime: Date, mtime: Date): Promise<void>;
  /** Removes a tree entry by entry (each step bounded), unlike one unbounded `fs.rm(recursive)`. */
  rmTree(p: string): Promise<void>;
  /** Opens a file (an open of a FIFO or on a hung mount blocks: bounded like any step). */
  open(p: string, flags: string, mode?: number): Promise<fs.FileHandle>;
  writeFile(p: string, data: string | Uint8Array, mode?: number): Promise<void>;
}

export function createBoundedFs(bounds: FsBounds): BoundedFs {
  const b = <T>(step: string, target: string, run: () => Promise<T>, disposeLate?: (value: T) => void) => bounded(step, target, run, bounds, disposeLate);
  const self: BoundedFs = {
    bounds,
    lstat: (p) => b("lstat", p, () => fs.lstat(p)),
    stat: (p) => b("stat", p, () => fs.stat(p)),
    statfs: (p) => b("statfs", p, () => fs.statfs(p)),
    realpath: (p) => b("realpath", p, () => fs.realpath(p)),
    readdir: (p) => b("readdir", p, () => fs.readdir(p)),
    mkdir: (p, mode) => b("mkdir", p, async () => void (await fs.mkdir(p, mode === undefined ? {} : { mode }))),
    async mkdirp(p) {
      const target = path.resolve(p);
      // Find the deepest existing ancestor first (few lstats), then create downwards.
      const missing: string[] = [];
      for (let dir = target; ; dir = path.dirname(dir)) {
        const st = await self.lstat(dir).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return null;
          throw error;
        });
        if (st) {
          if (!st.isDirectory()) throw Object.assign(new Error(`not a directory: ${dir}`), { code: "ENOTDIR" });
          break;
        }
        missing.unshift(dir);
        if (dir === path.dirname(dir)) break;
      }
      for (const dir of missing) {
        await self.mkdir(dir).catch(async (error: NodeJS.ErrnoException) => {
          // Created meanwhile by someone else: fine when it is a folder.
          if (error.code === "EEXIST" && (await self.lstat(dir)).isDirectory()) return;
          throw error;
        });
      }
    },
    link: (src, dst) => b("link", dst, () => fs.link(src, dst)),
    unlink: (p) => b("unlink", p, () => fs.unlink(p)),
    rename: (src, dst) => b("rename", dst, () => fs.rename(src, dst)),
    copyFile: (src, dst, mode) => b("copy", dst, () => fs.copyFile(src, dst, mode)),
    symlink: (target, p) => b("symlink", p, () => fs.symlink(target, p)),
    readlink: (p) => b("readlink", p, () => fs.readlink(p)),
    chmod: (p, mode) => b("chmod", p, () => fs.chmod(p, mode)),
    lchown: (p, uid, gid) => b("chown", p, () => fs.lchown(p, uid, gid)),
    utimes: (p, atime, mtime) => b("utimes", p, () => fs.utimes(p, atime, mtime)),
    async rmTree(p) {
      const st = await self.lstat(p).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      });
      if (!st) return;
      if (st.isDirectory()) {
        for (const name of await self.readdir(p)) await self.rmTree(path.join(p, name));
        await b("rmdir", p, () => fs.rmdir(p));
      } else await self.unlink(p);
    },
    open: (p, flags, mode) => b("open", p, () => fs.open(p, flags, mode), (handle) => void handle.close().catch(() => undefined)),
    writeFile: (p, data, mode) => b("write", p, () => fs.writeFile(p, data, mode === undefined ? {} : { mode })),
  };
  return self;
}

// Kernel pseudo-filesystems (statfs f_type, linux/magic.h): restoring into them cannot work and
// may never end (the /proc mkdir above), and writing under /dev or /sys can damage the host.
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: "proc",
  0x62656572: "sysfs",
  0x1cd1: "devpts",
  0x27e0eb: "cgroup",
  0x63677270: "cgroup2",
  0x64626720: "debugfs",
  0x74726163: "tracefs",
  0x73636673: "securityfs",
  0xcafe4a11: "bpf",
  0x62656570: "configfs",
  0x6165676c: "pstore",
  0xde5e81e4: "efivarfs",
  0x42494e4d: "binfmt_misc",
};
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];

/** Whether `p` is `root` or below it (plain path comparison, no file-system access). */
export const isUnder = (p: string, root: string) => p === root || p.startsWith(root === "/" ? "/" : `${root}/`);

/**
 * Why a restore into `target` is refused, or null: a path under /proc, /sys or /dev (as given, or
 * once symbolic links are resolved), or on a kernel pseudo-filesystem mounted elsewhere. Checks the
 * deepest existing ancestor, each step bounded.
 */
export async function restoreTargetProblem(target: string, bfs: BoundedFs): Promise<string | null> {
  const resolved = path.resolve(target);
  const refuse = (root: string, via = "") =>
    `restore target ${resolved}${via} is under ${root}, a kernel pseudo-filesystem: restoring there is refused; choose a folder on a real disk`;
  const root = PSEUDO_ROOTS.find((r) => isUnder(resolved, r));
  if (root) return refuse(root);
  let existing = resolved;
  for (;;) {
    const st = await bfs.lstat(existing).catch(() => null);
    if (st) break;
    if (existing === path.dirname(existing)) return null;
    existing = path.dirname(existing);
  }
  const real = await bfs.realpath(existing);
  const realRoot = PSEUDO_ROOTS.find((r) => isUnder(real, r));
  if (realRoot) return refuse(realRoot, ` (through the symbolic link to ${real})`);
  const kind = PSEUDO_FS[Number((await bfs.statfs(existing)).type)];
  if (kind) return `restore target ${resolved} is on a ${kind} file system (a kernel pseudo-filesystem): restoring there is refused; choose a folder on a real disk`;
  return null;
}
