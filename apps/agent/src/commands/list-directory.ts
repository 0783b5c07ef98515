// listDirectory: entries of one directory for the portal's include/exclude path picker.
// Bounded (huge directories return the first `limit` entries and `truncated: true`) and never
// throws: a missing or unreadable path is a Failed result with the reason, e.g.
// "permission denied: /root". It lists exactly the path asked: the path must be absolute and
// normalised (no `.`/`..` segments), and a path that is, or goes through, a symbolic link is
// refused instead of followed (a backup of that path would store the link, not its target).
// Entries are read with lstat, so a symlink entry is reported as one and never followed.
import fs from "node:fs/promises";
import path from "node:path";
import type { CommandResult, DirectoryEntry, ListDirectoryResult } from "@lifeboat/agent-protocol";

export const LIST_DIRECTORY_LIMIT = 1000;

const REASONS: Record<string, string> = {
  ENOENT: "no such directory",
  ENOTDIR: "not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links",
};

function entryType(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): DirectoryEntry["type"] {
  if (d.isDirectory()) return "directory";
  if (d.isFile()) return "file";
  if (d.isSymbolicLink()) return "symlink";
  return "other";
}

/** Why `p` is not an absolute, normalised path, or null when it is one. */
export function pathProblem(p: string): string | null {
  if (p.length === 0) return "path is empty";
  if (p.includes("\0")) return "path contains a NUL character";
  if (!path.isAbsolute(p)) return `path must be absolute: ${p}`;
  if (p.split("/").some((s) => s === "..")) return `path must not contain "..": ${p}`;
  const trimmed = p.length > 1 ? p.replace(/\/$/, "") : p;
  if (path.normalize(trimmed) !== trimmed) return `path must be normalised (no "." segments or repeated "/"): ${p}`;
  return null;
}

const failed = (message: string): CommandResult => ({ status: "Failed", message });
const reason = (error: unknown) => REASONS[(error as NodeJS.ErrnoException).code ?? ""] ?? (error as Error).message;

export async function listDirectory(dirPath: string, limit = LIST_DIRECTORY_LIMIT): Promise<CommandResult> {
  const problem = pathProblem(dirPath);
  if (problem) return failed(problem);
  const dir = dirPath.length > 1 ? dirPath.replace(/\/$/, "") : dirPath;
  try {
    const real = await fs.realpath(dir);
    if (real !== dir) return failed(`not listed: ${dir} is or goes through a symbolic link (to ${real})`);
  } catch (error) {
    return failed(`${reason(error)}: ${dir}`);
  }
  const entries: DirectoryEntry[] = [];
  let truncated = false;
  try {
    const handle = await fs.opendir(dir);
    for await (const dirent of handle) {
      if (entries.length >= limit) {
        truncated = true;
        break; // breaking out of for-await closes the handle
      }
      const entry: DirectoryEntry = { name: dirent.name, type: entryType(dirent) };
      try {
        const stat = await fs.lstat(path.join(dir, dirent.name));
        if (entry.type === "file") entry.sizeBytes = stat.size;
        entry.mtimeMs = Math.trunc(stat.mtimeMs);
      } catch {
        // vanished between readdir and lstat: keep the name and type
      }
      entries.push(entry);
    }
  } catch (error) {
    return failed(`${reason(error)}: ${dir}`);
  }
  // Directories first, then by name: what a path picker shows.
  entries.sort((a, b) =>
    a.type === b.type || (a.type !== "directory" && b.type !== "directory")
      ? a.name.localeCompare(b.name)
      : a.type === "directory" ? -1 : 1,
  );
  const data: ListDirectoryResult = { path: dir, entries, truncated };
  return { status: "Succeeded", data };
}
