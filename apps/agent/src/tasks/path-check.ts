// Whether a path a protection group names can be backed up from this host: it exists and the agent
// can read it (a folder: list and enter it; a file: read it). One home for the rule, used twice: when
// a group is saved (the `checkPaths` command, answered beside everything like listDirectory) and by
// a backup before restic starts, so a path that is gone fails the object at once with the path in
// the message instead of restic failing and the run retrying for an hour (issue 12). Every step is
// bounded (bounded-fs.ts): a path on a hung mount answers "not answering" instead of never.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import { bounded, FsStepError, type BoundedFs } from "./bounded-fs.ts";

export interface PathCheck {
  path: string;
  type?: "directory" | "file" | "symlink" | "other";
  /** Why it cannot be backed up; absent when it can. */
  problem?: string;
  /** The problem may go away by itself (the file system did not answer in time): worth a retry. */
  transient?: boolean;
}

const REASONS: Record<string, string> = {
  ENOENT: "does not exist",
  ENOTDIR: "does not exist (a parent is not a folder)",
  EACCES: "cannot be read: permission denied",
  EPERM: "cannot be read: permission denied",
  ELOOP: "cannot be read: too many symbolic links",
};

const problemOf = (error: unknown, p: string): Pick<PathCheck, "problem" | "transient"> => {
  // A cancelled check is no answer about the path.
  if (error instanceof FsStepError && error.failure === "aborted") throw error;
  if (error instanceof FsStepError) return { problem: error.message, transient: true };
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return { problem: `${p} ${REASONS[code] ?? `cannot be read: ${(error as Error).message}`}`, ...(REASONS[code] ? {} : { transient: true }) };
};

export async function checkPath(p: string, bfs: BoundedFs): Promise<PathCheck> {
  let st;
  try {
    st = await bfs.lstat(p);
  } catch (error) {
    return { path: p, ...problemOf(error, p) };
  }
  // A symbolic link is backed up as a link (restic does not follow it): it only has to exist.
  if (st.isSymbolicLink()) return { path: p, type: "symlink" };
  const type = st.isDirectory() ? "directory" : st.isFile() ? "file" : "other";
  try {
    await bounded("access", p, () => fs.access(p, type === "directory" ? constants.R_OK | constants.X_OK : constants.R_OK), bfs.bounds);
    // access(2) answers for the real uid; a folder must also really list (e.g. root on a
    // root-squashed NFS export passes access but gets EACCES here).
    if (type === "directory") await bfs.readdir(p);
  } catch (error) {
    return { path: p, type, ...problemOf(error, p) };
  }
  return { path: p, type };
}

/** Every path checked (in order); `problems` lists the messages of the ones that cannot be backed up. */
export async function checkPaths(paths: string[], bfs: BoundedFs): Promise<{ checks: PathCheck[]; problems: string[] }> {
  const checks: PathCheck[] = [];
  for (const p of paths) checks.push(await checkPath(p, bfs));
  return { checks, problems: checks.flatMap((c) => (c.problem ? [c.problem] : [])) };
}
